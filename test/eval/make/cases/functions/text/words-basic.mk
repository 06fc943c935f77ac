$(info [$(words foo bar baz)])
$(info [$(words )])
$(info [$(words   	 )])
$(info [$(words a,b c)])
all: ; @:
