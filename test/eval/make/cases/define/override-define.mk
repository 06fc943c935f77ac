# args: v=cmd
override define v
from-file
endef
$(info [$(v)] [$(origin v)])
all: ; @:
