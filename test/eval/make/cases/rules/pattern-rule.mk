# args: -n
all: data/foo.o data/bar.o
%.o: %.c
	@echo compile $< to $@ stem $*
