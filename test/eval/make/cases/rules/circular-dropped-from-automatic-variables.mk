# args: -n lib.c
# lib.o needs lib.c (the pattern rule), which needs lib.o: the circular prerequisite is dropped,
# and gone from lib.o's $< and $^ too.
lib.c: lib.o
	@echo c $@ [$<]
%.o: %.c
	@echo o $@ [$<] [$^]
