# args: -n --warn-undefined-variables
all:
	@echo [$(undefined_three)]
