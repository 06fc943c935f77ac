# args: -n
# A pattern rule applies when directory search finds its prerequisite: kbuild's
# $(obj)/%.o: $(src)/%.c with VPATH = $(srctree) for O= builds.
VPATH = data
vpath %.h data
all: out/foo.o out/util.x out/none.o
out/%.o: %.c ; @echo [$@] [$<] [$^]
out/%.x: %.h ; @echo [$@] [$<]
out/%.o: fallback/%.q ; @echo never
out/none.o: ; @echo [$@] has no source
