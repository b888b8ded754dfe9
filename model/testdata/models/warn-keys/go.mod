module example.com/warn-keys

go 1.22
