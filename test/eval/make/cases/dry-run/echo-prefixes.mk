# args: -n
all:
	echo plain
	@echo silent
	-echo ignore-errors
	@-echo both
	-@echo both-reversed
	@ @ echo spaces-after-at
