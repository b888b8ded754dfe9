module example.com/gormmore

go 1.22
