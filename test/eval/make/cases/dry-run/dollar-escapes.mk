# args: -n
all:
	echo $$HOME $$$$ '$$x' "$${y}"
