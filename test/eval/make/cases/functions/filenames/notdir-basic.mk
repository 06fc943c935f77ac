$(info [$(notdir src/foo.c hacks)])
$(info [$(notdir a/ /x/y/ /)])
$(info [$(notdir   a/b	c/d  )])
all: ; @:
