$(info [$(file >)])
all: ; @:
