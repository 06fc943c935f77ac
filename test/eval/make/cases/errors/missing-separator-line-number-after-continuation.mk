x = a \
  b \
  c
all: ; @:
bad line
