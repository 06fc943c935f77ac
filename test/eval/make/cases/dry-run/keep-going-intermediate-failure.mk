# args: -n -k
# Under -k, when one intermediate prerequisite fails while the intermediates are made, the
# others are still made (kbuild's certs/built-in.a without a signing key).
.SECONDARY:
all: lib.a
lib.a: a.o b.o c.o ; @echo ar
a.o: ; @echo cc a
b.o: x.x ; @echo cc b
x.x: missing.pem ; @echo x
c.o: ; @echo cc c
