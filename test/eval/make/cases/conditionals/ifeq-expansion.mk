a = $(b)
b = x
ifeq ($(a),x)
$(info expanded)
endif
ifeq ($(a),$(b))
$(info both)
endif
all: ; @:
