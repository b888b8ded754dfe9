module example.com/tablename-zero

go 1.22
