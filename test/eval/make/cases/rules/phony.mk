# args: -n
.PHONY: all clean
all: clean
clean: ; @echo cleaning
