# TODO(no recipe is ever run: GNU make runs the recipe that remakes an included makefile even under -n)
# args: -n
# The included file has a rule: make runs its recipe (it prints, it does not make the file), then
# goes on without it, as -include allows.
all: ; @echo all
-include remade-under-dry-run.inc
remade-under-dry-run.inc: ; @echo remaking the included file
