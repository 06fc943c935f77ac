# args: -n
all: t
t: p1
t: p2 ; @echo [$^]
t: p3
p1 p2 p3: ; @echo $@
