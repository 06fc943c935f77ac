# args: -n
# Every automatic variable and its D/F forms in one recipe, with repeated and order-only
# prerequisites, an order-only one that is also normal, and names that are not automatic.
all: out/x.o
out/x.o: src/a.c lib/b.h src/a.c /c.h | dir/ lib/b.h
	@echo '[$@][$<][$^][$+][$*][$|]'
	@echo '[$(@D)][$(@F)][$(<D)][$(<F)][$(^D)][$(^F)][$(+D)][$(+F)][$(*D)][$(*F)]'
	@echo '[$(|D)][$(|F)][$(@X)][$(@DF)][$(origin @)][$(origin @D)][$(flavor <F)]'
out/%.o: ; @:
src/a.c lib/b.h /c.h dir/: ; @:
