# args: -n
# Words with glob characters in a rule's targets and prerequisites are expanded when the rule is
# read (sorted); a glob that matches nothing stays as written. Pattern-rule words are not globbed.
all: out/list.x out/none.x out/order.x
out/list.x: data/*.c data/b?r.c
	@echo [$^]
out/none.x: data/*.nomatch
	@echo [$^]
out/order.x: | data/[fb]*.c
	@echo [$|]
data/%.nomatch: ; @echo making [$@]
out/%.y: data/*.c ; @echo [$^]
