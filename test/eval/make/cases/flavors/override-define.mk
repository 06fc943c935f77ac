override define a
text
endef
a = plain
$(info [$(a)] [$(origin a)])
all: ; @:
