module example.com/errcollide

go 1.22
