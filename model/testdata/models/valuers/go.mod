module example.com/valuers

go 1.22
