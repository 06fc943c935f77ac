# args: -n
# Without a reference, a static pattern rule's prerequisites are words, each with its first %
# replaced, even under .SECONDEXPANSION.
.SECONDEXPANSION:
all: p1
p1: p%: a%b%c
	@echo $@: $^
a%: ; @echo $@
