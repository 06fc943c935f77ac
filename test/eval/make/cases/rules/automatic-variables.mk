# args: -n
all: out/target.x
out/target.x: data/foo.c data/bar.c data/foo.c | data/util.h
	@echo [$@] [$<] [$^] [$+] [$|] [$*]
	@echo [$(@D)] [$(@F)] [$(<D)] [$(<F)] [$(^D)] [$(^F)] [$(+F)] [$(|F)]
