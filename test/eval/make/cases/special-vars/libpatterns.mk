$(info [$(.LIBPATTERNS)])
all: ; @:
