n := s
s := 1
$(info [$(origin $(n))] [$(origin  s )])
all: ; @:
