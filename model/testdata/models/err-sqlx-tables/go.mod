module example.com/errsqlxtables

go 1.22
