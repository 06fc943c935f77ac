ifeq ((a),(a))
$(info parens)
endif
ifeq ($(subst a,b,a),b)
$(info function)
endif
all: ; @:
