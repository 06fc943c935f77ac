# args: -n
define compile
@echo compiling $@
echo from $<
endef
all: x.o
x.o: x.src
	$(compile)
x.src: ; @:
