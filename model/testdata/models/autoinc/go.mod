module example.com/autoinc

go 1.22
