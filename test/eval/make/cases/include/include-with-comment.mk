include a.inc # comment
$(info [$(a_var)])
all: ; @:
