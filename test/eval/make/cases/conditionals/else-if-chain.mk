x := 3
ifeq ($(x),1)
$(info one)
else ifeq ($(x),2)
$(info two)
else ifeq ($(x),3)
$(info three)
else
$(info other)
endif
all: ; @:
