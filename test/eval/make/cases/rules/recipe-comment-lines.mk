# args: -n
all:
	# shell comment $(info expanded in comment)
# make comment
	@echo after
