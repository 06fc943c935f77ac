# args: -n
E :=
all:
	$(E)
	@echo after-empty
