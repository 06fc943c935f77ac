define template
$(1)_name := $(1)
$(1)_upper := $(2)
endef
$(eval $(call template,foo,FOO))
$(info [$(foo_name)] [$(foo_upper)])
all: ; @:
