module example.com/pk

go 1.22
