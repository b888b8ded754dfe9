module example.com/errrelations

go 1.22
