module example.com/tables-unknown

go 1.22
