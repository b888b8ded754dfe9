module github.com/genmigrate/gen/examples/shop

go 1.22
