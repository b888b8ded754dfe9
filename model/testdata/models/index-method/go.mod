module example.com/index-method

go 1.22
