$(info [$(sort ,,)])
all: ; @:
