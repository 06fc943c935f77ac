f = $1-$2-$0
$(info [$(call f,a,b)])
all: ; @:
