# args: -n
all: dep
	@echo all
	$(error all failed)
dep: ; @echo dep
