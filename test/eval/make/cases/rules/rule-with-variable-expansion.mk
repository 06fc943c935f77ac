# args: -n
T := tgt
P := prq
all: $(T)
$(T): $(P) ; @echo [$@] [$^]
$(P): ; @echo $@
