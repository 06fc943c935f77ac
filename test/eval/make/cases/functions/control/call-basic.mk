reverse = $(2) $(1)
$(info [$(call reverse,a,b)])
$(info [$(call reverse,a)])
$(info [$(call reverse)])
all: ; @:
