$(info [$(suffix d.d/file d.d/file.x ./f ../f)])
all: ; @:
