# args: -n
all:
	echo "a	b"
