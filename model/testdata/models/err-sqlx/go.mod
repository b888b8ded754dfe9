module example.com/errsqlx

go 1.22
