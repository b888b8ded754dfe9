module example.com/defaults-pg

go 1.22
