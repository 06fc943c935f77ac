all: ; @:
x := 1
        echo eight spaces
