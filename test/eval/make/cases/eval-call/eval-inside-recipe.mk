# args: -n
all:
	@echo $(eval x := late)[$(x)]
	@echo [$(x)]
