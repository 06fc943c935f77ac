define text
line one
line two
endef
$(info $(text))
all: ; @:
