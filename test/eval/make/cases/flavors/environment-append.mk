KBG_TEST_ENV += more
$(info [$(KBG_TEST_ENV)] [$(origin KBG_TEST_ENV)])
all: ; @:
