# args: -n
export A := exported
B := plain
all:
	@echo "$$A-$$B"
