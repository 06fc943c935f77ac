# args: -n
progs := a b
define prog-rule
$(1): $(1).o ; @echo link $$@ from $$^
$(1).o: ; @echo compile $$@
endef
$(foreach p,$(progs),$(eval $(call prog-rule,$(p))))
all: $(progs)
.DEFAULT_GOAL := all
