s := 1
r = 2
u ::= 3
$(info [$(flavor s)] [$(flavor r)] [$(flavor u)] [$(flavor none)])
$(info [$(flavor CC)] [$(flavor KBG_TEST_ENV)] [$(flavor MAKEFILE_LIST)] [$(flavor @)])
all: ; @:
