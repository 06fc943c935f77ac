$(info before)
$(error Something $(subst x,went,x) wrong)
$(info after)
all: ; @:
