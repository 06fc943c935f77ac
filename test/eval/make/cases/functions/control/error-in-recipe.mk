# args: -n
all:
	@echo one
	$(error in recipe $@)
	@echo two
