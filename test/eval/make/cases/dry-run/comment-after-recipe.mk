# args: -n
all:
	echo hi # a shell comment
