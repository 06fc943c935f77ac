# args: -n
all: self
self: self ; @echo self
