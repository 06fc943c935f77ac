# args: -n
.IGNORE:
all: ; echo ignored
