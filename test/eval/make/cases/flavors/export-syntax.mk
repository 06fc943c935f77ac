export A = 1
export B := 2
export C += 3
export D
D = 4
$(info [$(A)] [$(B)] [$(C)] [$(D)] [$(flavor A)] [$(flavor B)])
all: ; @:
