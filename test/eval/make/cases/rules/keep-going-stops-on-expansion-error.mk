# args: -n -k
# -k goes on after a target without a rule, not after an expansion error.
all: missing b
b: ; @echo $(V)
V = $(V)
