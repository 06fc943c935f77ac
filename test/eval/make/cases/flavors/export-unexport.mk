export
A := a
unexport A
B := b
$(info [$(origin A)] [$(A)] [$(B)])
all: ; @:
