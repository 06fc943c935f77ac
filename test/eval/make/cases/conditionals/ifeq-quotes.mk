ifeq "a" "a"
$(info dq)
endif
ifeq 'a' 'a'
$(info sq)
endif
ifeq "a" 'a'
$(info mixed)
endif
ifeq 'a b' "a b"
$(info spaces)
endif
all: ; @:
