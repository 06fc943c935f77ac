# TODO(a target-specific := expands in the target's own variables: GNU make finds the recursive V there)
# args: -n
t1: V = two $(V)
t1: V := two $(V)
t1:
