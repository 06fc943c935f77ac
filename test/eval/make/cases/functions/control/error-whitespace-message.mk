$(error   spaced   out  )
all: ; @:
