# args: -q data-file.txt
$(info read)
