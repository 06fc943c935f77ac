$(info [$(MAKE)] [$(MAKE_COMMAND)] [$(origin MAKE)] [$(flavor MAKE)] [$(value MAKE)])
all: ; @:
