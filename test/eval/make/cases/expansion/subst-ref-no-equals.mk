foo := a.o
$(info [$(foo:.o)])
foo:.o := weird
$(info [$(foo:.o)])
all: ; @:
