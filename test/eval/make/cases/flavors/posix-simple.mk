c = early
a ::= $(c)
c = late
$(info [$(a)] [$(flavor a)])
all: ; @:
