$(info [$(notdir 	/a/b   c/d )])
$(info [$(dir 	/a/b   c/d )])
all: ; @:
