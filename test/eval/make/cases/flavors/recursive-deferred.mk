a = $(b)
b = $(c)
c = late
$(info [$(a)])
c = later
$(info [$(a)])
all: ; @:
