# args: -n
all: target
target: normal | order-only
	@echo [$^] [$|] [$?]
normal order-only: ; @echo $@
