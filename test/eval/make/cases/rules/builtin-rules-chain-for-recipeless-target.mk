# args: -n
# "all" has no recipe, so GNU make looks for an implicit rule for it; "a%b" is a pattern rule here.
all: a%b
a%b: ; @echo [$@]
