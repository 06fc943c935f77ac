$(info [$(dir a//b //c / .. ../x)])
$(info [$(dir a b/ c//)])
all: ; @:
