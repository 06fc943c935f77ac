# args: -n goalx
# A goal that no rule makes takes .DEFAULT's recipe too.
all: ; @:
.DEFAULT: ; @echo default $@
