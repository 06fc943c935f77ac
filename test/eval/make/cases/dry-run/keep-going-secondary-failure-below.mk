# args: -n -k
# Under -k with .SECONDARY: (every file intermediate, as Kbuild.include says), a failure below an
# intermediate prerequisite fails the targets that need it, and the intermediates a failed target
# needs are still made: the top Makefile's vmlinux, vmlinux.o and modpost.
.SECONDARY:
modules: vmlinux
modules: prep
vmlinux: vmlinux.o lds modpost ; $(MAKE) -f keep-going-secondary-sub.inc
vmlinux.o mb: v_o ; @:
v_o: ; $(MAKE) -f keep-going-secondary-sub.inc
modules: modpost
modpost: vmlinux.o chk ; $(MAKE) -f keep-going-secondary-sub.inc
chk: ; @echo chk
prep lds: ; @echo $@
.PHONY: modules vmlinux v_o modpost chk prep
