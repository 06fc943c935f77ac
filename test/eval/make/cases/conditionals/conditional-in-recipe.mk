# args: -n
all:
ifeq (a,a)
	@echo yes
else
	@echo no
endif
	@echo after
