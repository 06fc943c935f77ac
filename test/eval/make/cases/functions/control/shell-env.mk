$(info [$(shell echo $$KBG_TEST_ENV)])
export EXPORTED := yes
NOTEXPORTED := no
$(info [$(shell echo $$EXPORTED-$$NOTEXPORTED)])
all: ; @:
