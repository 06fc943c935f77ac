# args: -n
define target-line
all: ; @echo from-define
endef
$(eval $(target-line))
