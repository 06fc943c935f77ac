# args: -n
all:
	@echo $(X)
X = $(X)
