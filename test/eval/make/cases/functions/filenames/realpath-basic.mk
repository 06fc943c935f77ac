here := $(CURDIR)/
$(info [$(patsubst $(here)%,%,$(realpath wild/a.c wild/./b.c wild/sub/../c.h))])
$(info [$(patsubst $(here)%,%,$(realpath wild/link.c wild/sublink/x.c))])
$(info [$(realpath wild/missing.c)])
$(info [$(realpath wild/dangling.c)])
all: ; @:
