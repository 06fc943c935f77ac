check = $(if $(1),,$(error $(0) needs an argument))
$(info [$(call check,x)])
$(info [$(call check,)])
all: ; @:
