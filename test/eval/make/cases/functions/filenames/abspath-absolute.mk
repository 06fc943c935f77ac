$(info [$(abspath /a/b/../c /a/./b/ /a//b /.. /../x / //)])
$(info [$(abspath /a/b/. /a/b/.. /a/b/../..)])
all: ; @:
