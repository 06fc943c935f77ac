$(info [$(patsubst \\%,x%,\\a \a)])
$(info [$(patsubst a\b%,[%],a\bc)])
all: ; @:
