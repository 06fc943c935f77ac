include $(error in include line)
all: ; @:
