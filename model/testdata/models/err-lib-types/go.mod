module example.com/errlibtypes

go 1.22

require (
	github.com/lib/pq v1.12.3
	github.com/shopspring/decimal v1.6.0
	gorm.io/gorm v1.31.2
)

require (
	github.com/jinzhu/inflection v1.0.0 // indirect
	github.com/jinzhu/now v1.1.5 // indirect
	golang.org/x/text v0.20.0 // indirect
)
