# Each reference is expanded once, left to right; info output shows the order.
a = $(info a)A
b = $(info b)B
x := $(b)$(a)$(b)
$(info [$(x)])
all: ; @:
