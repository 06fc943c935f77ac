# Numbered variables inside $(call): only the plain decimal names are arguments; an enclosing
# call's extra arguments read as empty in an inner call with fewer; origin and flavor see them.
inner = [$(0)][$(1)][$(2)][$(3)][$(01)][$(+1)][$( 1)][$(10)]
outer = $(call inner,x) {$(3)} $(origin 1) $(flavor 2) $(origin 4) $(origin 0)
01 = zero-one
$(info $(call outer,a,b,c))
$(info $(call inner,p,q,r,s,t,u,v,w,x,y,z))
$(info $(origin 1) $(1))
all: ; @:
