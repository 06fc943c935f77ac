# args: -e
KBG_TEST_ENV := file
HOME := file
$(info [$(KBG_TEST_ENV)] [$(origin KBG_TEST_ENV)] [$(HOME)])
all: ; @:
