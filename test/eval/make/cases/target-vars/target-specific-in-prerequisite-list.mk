# Target-specific variables are not in effect when prerequisites are expanded.
# args: -n
X := global
all: X := target
all: dep-$(X) ; @echo [$^]
dep-global dep-target: ; @:
