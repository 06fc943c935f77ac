a != echo '$$HOME-$$$$'
$(info [$(value a)])
all: ; @:
