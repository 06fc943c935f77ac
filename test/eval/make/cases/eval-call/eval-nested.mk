$(eval $$(eval inner := 1))
$(info [$(inner)])
all: ; @:
