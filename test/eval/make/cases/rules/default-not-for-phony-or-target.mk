# args: -n
# .DEFAULT is not for a phony file nor for a target whose rule has no recipe; q has no rule.
.PHONY: p
all: p t q
	@echo all
t:
.DEFAULT: ; @echo default $@
