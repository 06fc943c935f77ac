# args: -n
# The override warnings name the first line of each recipe, not the rule lines.
all:
	@echo first
all:

	@echo second
