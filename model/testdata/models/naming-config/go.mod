module example.com/naming-config

go 1.22
