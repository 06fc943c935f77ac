ifdef
endif
all: ; @:
$(info done)
