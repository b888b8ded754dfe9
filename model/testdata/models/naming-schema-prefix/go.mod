module example.com/naming-schema-prefix

go 1.22
