# args: -n
objects := data/foo.o data/bar.o
all: $(objects)
$(objects): %.o: %.c
	@echo [$@] [$<] [$*]
