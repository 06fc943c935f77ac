# args: -n t.o
# t.o matches %.o (stem t) and t% (stem .o): the longer stem's variables are read first, so the
# more specific %.o wins; %.o's three lines make one variable set.
%.o: W = a
%.o: W += b
t%: W += c
%.o: W += d
t%: X = from-t
t.o: ; @echo [$(W)] [$(X)]
