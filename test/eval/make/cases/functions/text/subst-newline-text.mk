define two
a
b
endef
$(info [$(subst $(two),X,$(two) a b $(two))])
all: ; @:
