f = $(call g,$(1)1)
g = $(call h,$(1)2)
h = [$(1)] [$(0)]
$(info $(call f,0))
all: ; @:
