# args: -n
all: x
x: y ; @echo x
y: x ; @echo y
