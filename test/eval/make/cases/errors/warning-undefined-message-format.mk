# args: --warn-undefined-variables
$(info [$(nope)] [${nope2}] [$(nope3:a=b)])
all: ; @:
