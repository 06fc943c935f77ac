# args: -n
# p.o matches %.o: %.c, but p.c neither exists nor can be made: .DEFAULT's recipe makes p.o.
all: p.o
	@echo all
%.o: %.c ; @echo cc $<
.DEFAULT: ; @echo default $@
