sub/x.c
