$(info [$(nothing:a=b)])
all: ; @:
