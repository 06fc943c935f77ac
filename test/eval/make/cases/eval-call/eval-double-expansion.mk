a := A
$(eval b := $(a) $$(a))
a := changed
$(info [$(b)])
all: ; @:
