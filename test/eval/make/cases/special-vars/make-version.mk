$(info [$(MAKE_VERSION)] [$(origin MAKE_VERSION)] [$(flavor MAKE_VERSION)])
all: ; @:
