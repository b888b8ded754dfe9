module example.com/warn-tag

go 1.22
