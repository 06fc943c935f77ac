# args: -n
# A file named by .INTERMEDIATE that the run made is deleted at the end; a .SECONDARY one is not.
.INTERMEDIATE: mid
.SECONDARY: keep
all: mid keep
	@echo all
mid keep: ; @echo $@
