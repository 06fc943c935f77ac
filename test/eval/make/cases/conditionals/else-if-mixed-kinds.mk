ifdef nothing
$(info a)
else ifneq (a,a)
$(info b)
else ifndef nothing
$(info c)
else
$(info d)
endif
all: ; @:
