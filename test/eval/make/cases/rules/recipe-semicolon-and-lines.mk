# args: -n
all: ; @echo first
	@echo second
