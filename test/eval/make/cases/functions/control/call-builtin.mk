$(info [$(call subst,a,b,banana)])
$(info [$(call words,a b c)])
$(info [$(call if,,y,n)])
all: ; @:
