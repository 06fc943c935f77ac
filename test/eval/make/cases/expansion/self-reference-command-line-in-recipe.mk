# args: -n X=$(X)

all:
	@echo $(X)
