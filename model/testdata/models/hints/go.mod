module example.com/hints

go 1.22
