# args: -n data/chain/prog
# Two pattern rules can make prog: the first from prog.o, which no file or rule names and the
# third would make from prog.c; the second straight from prog.c, which exists. GNU make takes a
# rule whose prerequisites exist before any chain, though the chained rule comes first.
%: %.o
	link $< -o $@
%.o: %.c
	compile $< -o $@
%: %.c
	direct $< -o $@
all: ; @:
