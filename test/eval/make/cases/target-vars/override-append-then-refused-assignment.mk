# args: -n
# t2's `override O += t` appends to the global O; a later plain `t2: O = never` is refused by the
# override, yet it stops the appending (GNU make 4.3): t3, which inherits t2's O, sees only t.
# A refused `+=` keeps it appending.
override O = o
t2: override O += t
t2: O = never
t4: override O += t
t4: O += more
all: t2 t4
t2: t3
t3 t4: ; @echo $@ [$(O)]
