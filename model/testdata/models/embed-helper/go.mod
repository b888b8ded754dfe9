module example.com/embedhelper

go 1.22
