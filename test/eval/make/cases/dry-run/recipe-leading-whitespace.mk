# args: -n
all:
	   echo indented
		echo two-tabs
