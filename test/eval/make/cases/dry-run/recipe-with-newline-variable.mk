# args: -n
define two
echo line1
echo line2
endef
all:
	$(two)
