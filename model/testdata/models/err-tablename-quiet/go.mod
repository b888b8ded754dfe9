module example.com/errtablenamequiet

go 1.22
