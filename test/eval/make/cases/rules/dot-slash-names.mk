# args: -n
# Rule words lose a leading ./ (GNU make read.c parse_file_seq), so ./x and x are one file,
# in static patterns too; $(wildcard) results keep theirs.
all: ./x/built-in.a ./y.o
objs := ./x/built-in.a
$(objs): ./%/built-in.a: ./% ; @echo [$@] [$<] [$*]
./y.o: ./y.c ././z.c ; @echo [$@] [$<] [$^]
./x ./y.c ./z.c: ; @echo mk [$@]
$(info [$(wildcard ./*.mk)])
