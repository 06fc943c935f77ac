# args: -n data/foo
# data/foo.c exists and %: %.c could make data/foo, but a phony target gets no implicit rule.
.PHONY: data/foo
%: %.c ; @echo from $<
all: ; @:
