# args: -e
KBG_TEST_ENV = from-file
$(info [$(origin KBG_TEST_ENV)] [$(KBG_TEST_ENV)])
all: ; @:
