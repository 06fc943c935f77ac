$(info [$(addsuffix .c,foo bar)])
$(info [$(addsuffix .c,)])
$(info [$(addsuffix ,a b)])
$(info [$(addsuffix  x ,	a   b  )])
all: ; @:
