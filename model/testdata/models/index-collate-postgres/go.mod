module example.com/indexoptions

go 1.22
