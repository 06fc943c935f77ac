undefine KBG_TEST_ENV
$(info [$(KBG_TEST_ENV)] [$(origin KBG_TEST_ENV)])
all: ; @:
