# args: -n t.o
# Both lines go into one variable set for %.o; the += to the simple W is expanded as it is read,
# when $@ is empty.
%.o: W := one
%.o: W += $@
t.o: ; @echo [$(W)]
