# args: -C . -C chdir-not-a-directory.mk/inner
# A -C path through a file: ENOTDIR, named as the option gave it.
$(info not read)
all: ; @:
