// Package models covers GORM's relationships: the foreign keys
// AutoMigrate creates for belongs-to, has-one, has-many and many2many, and
// the columns of polymorphic ones.
package models

import "time"

// Company is referenced by belongs-to relationships.
type Company struct {
	ID   int
	Code string `gorm:"size:20;uniqueIndex"`
	Name string
}

// Employee holds belongs-to relationships: the foreign key is on its
// table, named fk_employees_<field>.
type Employee struct {
	ID   int
	Name string

	// Default: company_id references companies(id).
	CompanyID int
	Company   Company

	// foreignKey and references: employer_code references
	// companies(code), and takes its varchar(20).
	EmployerCode string
	Employer     Company `gorm:"foreignKey:EmployerCode;references:Code"`

	// Self-reference with actions.
	ManagerID *int
	Manager   *Employee `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL"`

	// constraint:- keeps the column and drops the foreign key.
	MentorID *int
	Mentor   *Employee `gorm:"constraint:-"`

	// belongsTo written out, and a named constraint.
	BranchID int32
	Branch   Branch `gorm:"belongsTo:Branch;constraint:fk_employee_branch,OnDelete:RESTRICT"`

	// A relationship GORM reads but does not migrate.
	DeskID int
	Desk   Desk `gorm:"-:migration"`

	Audit
}

// Branch is the target of an explicit belongsTo; its uint key makes the
// int32 foreign key of Employee a bigint (GORM adds a bit to unsigned
// sizes).
type Branch struct {
	ID   uint32
	City string
}

// Desk is referenced by a relationship gen leaves to the application.
type Desk struct {
	ID    int
	Floor int
}

// Audit is embedded: its belongs-to relationship is the embedding
// table's, found through the embedded field names.
type Audit struct {
	CreatedByID *int
	CreatedBy   *Employee
	CreatedAt   time.Time
}
