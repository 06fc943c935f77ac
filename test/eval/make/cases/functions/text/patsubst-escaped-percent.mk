$(info [$(patsubst \%.c,X,%.c a.c)])
$(info [$(patsubst a\%%,<%>,a%%b a%b ab)])
$(info [$(patsubst %,\%%,a b)])
all: ; @:
