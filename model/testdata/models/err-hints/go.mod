module example.com/errhints

go 1.22
