# args: CL=1 CL2:=2
$(info [$(origin CL)] [$(CL)] [$(origin CL2)] [$(flavor CL)] [$(flavor CL2)])
all: ; @:
