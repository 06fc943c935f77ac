$(error status is 2)
