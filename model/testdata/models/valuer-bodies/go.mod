module example.com/valuerbodies

go 1.22
