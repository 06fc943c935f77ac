# args: -n
all: dep
	@echo first $(info expanding all line 1)
	@echo second $(info expanding all line 2)
dep:
	@echo dep $(info expanding dep)
