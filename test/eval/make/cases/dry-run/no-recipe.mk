# args: -n
all: dep
dep:
