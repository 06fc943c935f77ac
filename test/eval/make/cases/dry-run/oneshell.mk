# args: -n
.ONESHELL:
all:
	@echo one
	echo two
	  @echo three
