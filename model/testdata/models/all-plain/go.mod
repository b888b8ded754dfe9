module example.com/allplain

go 1.22
