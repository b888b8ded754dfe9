module example.com/registercmd/tools

go 1.22
