# args: -n
# A static pattern rule whose prerequisites hold a reference keeps them as one text: every % in
# it becomes the stem, in the reference and in plain words alike.
.SECONDEXPANSION:
all: p1
p1: p%: $$(info [%x%y %z]) a%b%c $$(addsuffix .o,%)
	@echo $@: $^
a%: ; @echo $@
%.o: ; @echo $@
