module example.com/errindex

go 1.22
