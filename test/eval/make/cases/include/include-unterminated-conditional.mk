include open-conditional.inc
endif
$(info [$(opened)])
all: ; @:
