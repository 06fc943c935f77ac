# args: -n
.SILENT: all
all: ; echo silent-target
