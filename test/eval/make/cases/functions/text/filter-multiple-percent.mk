$(info [$(filter %a%,a%a xaa%)])
all: ; @:
