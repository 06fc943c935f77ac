# TODO(GNU make deletes intermediate files in its hash-table order; the engine lists them in the order it made them)
# args: -n
# "all" has no recipe, so GNU make looks for an implicit rule for it; "a%b" is a pattern rule here.
all: a%b
a%b: ; @echo [$@]
