.hidden.c
