# args: -n
all:
	@echo one \
		two \
three
	echo 'quoted \
still'
