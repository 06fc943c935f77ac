# args: -n
# A phony prerequisite with no rule is not an error: make takes it as remade, so what needs it is
# remade too (tools/Makefile's FORCE in the kernel is only named in .PHONY).
.PHONY: FORCE other
all: out/x.y other
out/x.y: FORCE ; @echo [$@] because [$?]
