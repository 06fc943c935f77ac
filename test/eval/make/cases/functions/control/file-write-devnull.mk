$(info [$(file >/dev/null,text)] [$(file >>/dev/null,more)] [$(file >/dev/null)])
all: ; @:
