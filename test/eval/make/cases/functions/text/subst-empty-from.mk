# An empty "from" appends "to" at the end of the text.
$(info [$(subst ,X,abc)])
$(info [$(subst ,,abc)])
all: ; @:
