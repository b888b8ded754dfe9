module example.com/defaults

go 1.22
