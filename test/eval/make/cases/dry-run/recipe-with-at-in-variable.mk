# args: -n
Q := @
all:
	$(Q)echo quiet-from-variable
	$(Q)-echo more
