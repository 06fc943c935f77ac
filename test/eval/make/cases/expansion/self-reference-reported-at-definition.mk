X = $(Y)
Y = $(Z)
Z = $(Y)
$(info [$(X)])
all: ; @:
