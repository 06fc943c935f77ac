$(info [$(filter \%a,%a xa)])
$(info [$(filter 100\%,100% 100)])
$(info [$(filter %\%,a% b\% c)])
all: ; @:
