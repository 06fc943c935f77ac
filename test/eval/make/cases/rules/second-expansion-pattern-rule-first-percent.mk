# args: -n r5
# A pattern rule's prerequisites are words (a reference with its blanks is one); each gets the
# stem for its first % before it is expanded again.
.SECONDEXPANSION:
all: ; @:
r%: $$(info [%x%y %z]) c%d%e
	@echo $@: $^
c%: ; @echo $@
