e = $(error never expanded)
$(info fine)
all: ; @:
