module example.com/tablename-schema-postgres

go 1.22
