define two-lines
echo foo
echo bar
endef
$(info [$(two-lines)] [$(flavor two-lines)] [$(origin two-lines)])
all: ; @:
