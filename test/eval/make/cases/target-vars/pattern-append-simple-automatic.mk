# TODO(a pattern-specific += to a simple variable is expanded when GNU make reads it, $@ empty then)
# args: -n t.o
%.o: W := one
%.o: W += $@
t.o: ; @echo [$(W)]
