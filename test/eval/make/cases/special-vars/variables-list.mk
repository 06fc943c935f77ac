my_simple := 1
my_recursive = 2
define my_defined
endef
$(info [$(sort $(filter my_%,$(.VARIABLES)))])
undefine my_simple
$(info [$(sort $(filter my_%,$(.VARIABLES)))])
all: ; @:
