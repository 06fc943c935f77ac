# args: -n second third
first: ; @echo first
second: ; @echo second
third: ; @echo third
