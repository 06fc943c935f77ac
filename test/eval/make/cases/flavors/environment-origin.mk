$(info [$(KBG_TEST_ENV)] [$(origin KBG_TEST_ENV)] [$(flavor KBG_TEST_ENV)])
$(info [$(origin HOME)] [$(HOME)])
all: ; @:
