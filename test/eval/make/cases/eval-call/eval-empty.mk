$(eval )
$(eval)
$(info ok)
all: ; @:
