$(file >/nonexistent/dir/f,x)
all: ; @:
