$(info [$(dir src/foo.c hacks)])
$(info [$(dir /a/b/c /x a/ ./b)])
$(info [$(dir )])
all: ; @:
