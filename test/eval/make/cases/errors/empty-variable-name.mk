$(empty) := value
all: ; @:
