# args: -n
# With .SECONDARY: every file is intermediate, but one that exists is checked and remade in its
# place like an ordinary file; missing ones wait until the target is remade (kbuild's
# include/config/kernel.release in archprepare).
.SECONDARY:
.PHONY: FORCE all
all: out/a
out/a: out/x data/bar.c out/ynot data/baz.c out/z ; @echo a
out/x: ; @echo x
data/bar.c: FORCE ; @echo bar exists
out/ynot: FORCE ; @echo ynot
data/baz.c: ; @echo never
out/z: ; @echo z
FORCE:
