module example.com/err-struct

go 1.22
