module example.com/err-multi

go 1.22
