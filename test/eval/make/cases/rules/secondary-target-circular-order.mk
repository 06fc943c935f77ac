# TODO(GNU make checks a .SECONDARY target's circular order-only prerequisites in another order)
# args: -n
.SECONDARY: t3
t1 t3: | t3 t1
t1:
