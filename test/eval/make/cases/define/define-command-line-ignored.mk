# args: v=cmd
define v
from-file
endef
$(info [$(v)] [$(origin v)])
all: ; @:
