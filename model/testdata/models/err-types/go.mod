module example.com/err-types

go 1.22
