# In 4.3 "$(intcmp 2,1,...)" reads the variable "intcmp 2,1,lt,eq,gt".
sp := $(subst ,, )
name := intcmp$(sp)2,1,lt,eq,gt
$(name) := defined
$(info [$(intcmp 2,1,lt,eq,gt)])
all: ; @:
