include := value
$(info [$(include)])
all: ; @:
