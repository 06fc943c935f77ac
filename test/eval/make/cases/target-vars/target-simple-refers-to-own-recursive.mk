# args: -n
# A target-specific := is expanded among the target's own variables: V is t1's recursive V,
# which references itself.
t1: V = two $(V)
t1: V := two $(V)
t1:
