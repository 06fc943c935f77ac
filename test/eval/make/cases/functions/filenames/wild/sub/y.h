sub/y.h
