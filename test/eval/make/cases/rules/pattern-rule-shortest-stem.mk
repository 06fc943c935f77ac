# args: -n
all: lib/sub/x.o ; @:
%.o: ; @echo generic [$*]
lib/%.o: ; @echo lib [$*]
lib/sub/%.o: ; @echo lib/sub [$*]
