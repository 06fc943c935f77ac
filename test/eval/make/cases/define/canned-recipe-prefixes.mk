# args: -n
define cmds
@echo silent
-echo ignore
@-echo both
endef
all:
	$(cmds)
