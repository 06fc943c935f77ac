define v
   define not-really
   endef
endef
$(info [$(v)])
all: ; @:
