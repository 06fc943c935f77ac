all: ; @:
endif
