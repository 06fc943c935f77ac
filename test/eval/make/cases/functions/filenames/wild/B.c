B.c
