// Package models exercises GORM's naming rules and TableName folding.
package models

// Person is pluralised irregularly: people.
type Person struct {
	ID          uint
	UserID      uint
	HTTPServer  string
	Address2    string
	APIKey      string
	IPAddress   string
	OAuth2Token string
	X509Cert    string
}

// HTTPLog keeps its initialism as one word: http_logs.
type HTTPLog struct {
	ID uint
}

// Category ends in y: categories.
type Category struct {
	ID uint
}

// Sheep is its own plural.
type Sheep struct {
	ID uint
}

const prefix = "app_"

// Literal returns a string literal from a value receiver.
type Literal struct {
	ID uint
}

// TableName names the table.
func (Literal) TableName() string { return "literal_things" }

// Constant returns a package constant from a pointer receiver.
type Constant struct {
	ID uint
}

const constantTable = "constant_things"

// TableName names the table.
func (*Constant) TableName() string { return constantTable }

// Expression returns a constant expression.
type Expression struct {
	ID uint
}

// TableName names the table.
func (e Expression) TableName() string {
	return prefix + "expressions"
}

// Directed has a //gen:table directive, which wins over its TableName.
//
//gen:table directed_things
type Directed struct {
	ID uint
}

// TableName is not constant, but the directive above wins.
func (d Directed) TableName() string { return d.name() }

func (Directed) name() string { return "never" }

// Ignored is not a table.
//
//gen:ignore
type Ignored struct {
	ID uint
}

// NotTabler has a TableName method of another shape, which GORM ignores.
type NotTabler struct {
	ID uint
}

// TableName takes an argument GORM does not pass.
func (NotTabler) TableName(x int) int { return x }

type (
	// Grouped is declared in a type group; its directive is its own.
	//
	//gen:table grouped_things
	Grouped struct {
		ID uint
	}

	// Generic structs are not tables.
	Generic[T any] struct {
		ID    uint
		Value T
	}

	// notExported is not a table.
	notExported struct {
		ID uint
	}

	// Alias is an alias, not a declared struct.
	Alias = Sheep

	// Defined is a defined type over another struct, not a struct literal.
	Defined Sheep
)
