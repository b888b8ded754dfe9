module example.com/tablename-promoted

go 1.22
