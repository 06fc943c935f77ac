define files
x/a.c
y/b.c
endef
$(info [$(notdir $(files))])
all: ; @:
