module example.com/plainstructs

go 1.22
