$(info)
$(info  )
$(info a  b   )
$(info 	tab)
$(info a,b,c)
all: ; @:
