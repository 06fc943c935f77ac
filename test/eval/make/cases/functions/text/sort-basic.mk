$(info [$(sort foo bar lose foo)])
$(info [$(sort c b a a b c)])
$(info [$(sort )])
all: ; @:
