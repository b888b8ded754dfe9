module example.com/hintsdialect

go 1.22
