$(info [$(suffix src/foo.c src-1.0/bar.c hacks)])
$(info [$(suffix a.b.c .x x. a.b/c)])
$(info [$(suffix )])
all: ; @:
