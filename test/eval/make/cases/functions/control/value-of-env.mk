$(info [$(value KBG_TEST_ENV)])
all: ; @:
