$(info [$(CC)] [$(CXX)] [$(AR)] [$(ARFLAGS)] [$(RM)] [$(MAKE)])
$(info [$(value COMPILE.c)] [$(value OUTPUT_OPTION)] [$(origin COMPILE.c)])
all: ; @:
