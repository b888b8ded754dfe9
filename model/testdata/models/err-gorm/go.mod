module example.com/errgorm

go 1.22
