ifneq (a,b)
$(info differ)
endif
ifneq "a" "a"
$(info wrong)
else
$(info same)
endif
all: ; @:
