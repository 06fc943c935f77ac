define two
a
b
endef
$(info [$(subst $(two),X,a b a
b)])
all: ; @:
