module example.com/err-values

go 1.22
