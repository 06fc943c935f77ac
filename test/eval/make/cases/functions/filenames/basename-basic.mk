$(info [$(basename src/foo.c src-1.0/bar hacks)])
$(info [$(basename a.b.c .x x. a.b/c)])
$(info [$(basename d.d/file d.d/file.x ./f ../g.h)])
all: ; @:
