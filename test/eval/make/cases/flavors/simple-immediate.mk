c = early
a := $(c)
c = late
$(info [$(a)])
all: ; @:
