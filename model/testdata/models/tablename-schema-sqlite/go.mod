module example.com/tablename-schema-sqlite

go 1.22
