a_dirs := dira dirb
1_dirs := dir1 dir2
a_files := filea fileb
df := dirs
$(info [$($(firstword a 1)_$(df))] [$(foreach p,a 1,$($(p)_dirs))])
all: ; @:
