// Package models has driver.Valuer types whose Value gen cannot type
// without running it.
package models

import (
	"database/sql/driver"
	"os"
	"strconv"
)

// Dynamic answers a driver.Value variable.
type Dynamic string

// Value picks the value at run time.
func (d Dynamic) Value() (driver.Value, error) {
	var v driver.Value = string(d)
	return v, nil
}

// Mixed answers a string or an int64, by a test of the environment.
type Mixed int64

// Value depends on the environment.
func (m Mixed) Value() (driver.Value, error) {
	if os.Getenv("TEXT") != "" {
		return strconv.FormatInt(int64(m), 10), nil
	}
	return int64(m), nil
}

// Named has named results.
type Named string

// Value sets its results.
func (n Named) Value() (v driver.Value, err error) {
	v = string(n)
	return
}

// Counter changes its receiver before it tests it, so the test is not
// about the zero value: gen decides it both ways, and the returns differ.
type Counter int

// Value counts from one.
func (c Counter) Value() (driver.Value, error) {
	c++
	if c == 0 {
		return nil, nil
	}
	return strconv.Itoa(int(c)), nil
}

// Job has one field of each, and the same types with a type: key, which
// needs no reading of Value.
type Job struct {
	ID         uint
	Dynamic    Dynamic
	Mixed      Mixed
	Named      Named
	Counter    Counter
	TypedDyn   Dynamic `gorm:"type:text"`
	TypedMixed Mixed   `gorm:"type:bigint"`
	HintNamed  Named   `gen:"type=varchar(10)"`
}
