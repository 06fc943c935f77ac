# GNU make 4.3 has no let function: this is a reference to the variable "let a b,x y,$(a)-$(b)".
$(info [$(let a b,x y,$(a)-$(b))])
$(info [$(origin let a b,x y,$(a)-$(b))] [$(flavor let a,b,c)])
all: ; @:
