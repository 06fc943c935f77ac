# args: -n
all:
	$(MAKE) -C special-sub
	@echo [$(notdir $(CURDIR))]
