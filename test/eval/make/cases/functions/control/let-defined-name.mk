# A computed name may hold spaces and commas, so "$(let x,y,z)" can name a real variable in 4.3.
sp := $(subst ,, )
name := let$(sp)x,y,z
$(name) = by-computed-name
$(info [$(let x,y,z)] [$(origin let x,y,z)] [$(flavor let x,y,z)])
all: ; @:
