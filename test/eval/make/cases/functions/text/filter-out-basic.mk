objects := main1.o foo.o main2.o bar.o
mains := main1.o main2.o
$(info [$(filter-out $(mains),$(objects))])
$(info [$(filter-out %.o,$(objects) x.c)])
all: ; @:
