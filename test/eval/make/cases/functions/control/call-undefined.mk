$(info [$(call nothere,a,b)])
$(info [$(call ,a,b)])
all: ; @:
