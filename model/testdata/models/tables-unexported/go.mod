module example.com/tablesunexported

go 1.22
