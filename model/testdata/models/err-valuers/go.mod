module example.com/errvaluers

go 1.22
