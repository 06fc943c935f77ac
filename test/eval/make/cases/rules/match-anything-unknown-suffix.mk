# args: -n
# .zz is no known kind: the match-anything rule makes data/anything/y.zz from y.zz.q.
all: data/anything/y.zz
%: %.q
	@echo from $<
