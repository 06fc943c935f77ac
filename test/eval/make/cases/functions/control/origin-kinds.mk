s := 1
r = 2
override o := 3
$(info [$(origin undefined-var)])
$(info [$(origin s)] [$(origin r)] [$(origin o)])
$(info [$(origin CC)] [$(origin MAKE)] [$(origin KBG_TEST_ENV)])
$(info [$(origin @)] [$(origin <)] [$(origin MAKEFILE_LIST)] [$(origin CURDIR)])
all: ; @:
