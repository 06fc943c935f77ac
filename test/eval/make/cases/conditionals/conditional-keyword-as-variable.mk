ifeq := value
ifdef := value2
$(info [$(ifeq)] [$(ifdef)])
all: ; @:
