module example.com/errexternal

go 1.22
