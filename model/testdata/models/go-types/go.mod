module example.com/go-types

go 1.22
