ifneq ($(strip $(nothing)),)
$(info wrong)
else
$(info empty)
endif
all: ; @:
