ifdef KBG_TEST_ENV
$(info env)
endif
ifdef CC
$(info default)
endif
all: ; @:
