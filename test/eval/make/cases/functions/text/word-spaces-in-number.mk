$(info [$(word  2 ,a b c)])
$(info [$(word 02,a b c)])
$(info [$(word +2,a b c)])
all: ; @:
