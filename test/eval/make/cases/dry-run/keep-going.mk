# args: -n -k
all: ok bad other
ok: ; @echo ok
bad: missing-dep ; @echo bad
other: ; @echo other
