# args: -n
all: x.out
x.out: %.out: %.in1 common %.in2 ; @echo [$^] [$*]
%.in1 %.in2: ; @echo make $@
common: ; @echo make $@
.SECONDARY:
