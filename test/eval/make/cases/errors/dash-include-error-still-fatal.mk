-include $(error fatal anyway)
all: ; @:
