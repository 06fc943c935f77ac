KBG_TEST_ENV ?= file
$(info [$(KBG_TEST_ENV)] [$(origin KBG_TEST_ENV)])
all: ; @:
