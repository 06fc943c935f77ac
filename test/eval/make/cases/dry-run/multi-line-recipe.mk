# args: -n
all:
	echo one; \
	echo two
	for i in 1 2; do \
	  echo $$i; \
	done
