A = $(B)
B = $(C)
C = $(D)
D = $(A)
$(info [$(A)])
all: ; @:
