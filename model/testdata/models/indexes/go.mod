module example.com/indexes

go 1.22
