module example.com/err-tablename

go 1.22
