# args: -n x y x
# y was made as x's prerequisite, and x is named twice: each later goal gets its message.
x: y ; @echo x
y: ; @echo y
