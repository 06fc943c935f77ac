# args: -n
all: x.final
%.final: %.mid ; @echo final $@ from $<
%.mid: %.start ; @echo mid $@ from $<
%.start: ; @echo start $@
