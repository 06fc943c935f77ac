FOO = $(PATHX)
PATHX := /p
$(info [$(value FOO)] [$(FOO)])
$(info [$(value undefined-var)])
all: ; @:
