sp ace.c
