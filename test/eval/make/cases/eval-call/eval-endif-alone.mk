ifeq (a,a)
$(eval endif)
all: ; @:
