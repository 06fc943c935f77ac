# args: -n
X := 1
ifdef X
all: ; @echo with-X
else
all: ; @echo without-X
endif
