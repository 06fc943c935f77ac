# args: -n
X := 1
all:
	echo [$(X)]
X := 2
