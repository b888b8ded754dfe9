// Package models has TableName methods promoted through embedding. GORM
// asks whether reflect.New(Model) is a Tabler, so the method set is that
// of *Model: a promoted method counts whether its receiver is a pointer or
// a value, the shallowest one wins, and two at the same depth cancel out
// (Go's ambiguous selector), leaving GORM's naming strategy.
package models

// PtrBase has a pointer-receiver TableName with a run-time fallback.
type PtrBase struct {
	table string
}

// TableName is promoted to *PtrOne; table is empty on a zero PtrOne.
func (b *PtrBase) TableName() string {
	if b.table != "" {
		return b.table
	}
	return "ptr_base_rows"
}

// PtrOne embeds PtrBase by value.
type PtrOne struct {
	ID uint
	PtrBase
}

// ValBase has a value-receiver TableName.
type ValBase struct{}

// TableName is promoted to PtrOne and *PtrOne.
func (ValBase) TableName() string { return "val_base_rows" }

// ValOne embeds ValBase by value.
type ValOne struct {
	ID uint
	ValBase
}

// Deep has the method two levels down.
type Deep struct{ n int }

// TableName reads n, zero two levels down in a zero TwoLevels.
func (d *Deep) TableName() string {
	if d.n > 0 {
		return "deep_positive"
	}
	return "deep_rows"
}

// Middle embeds Deep.
type Middle struct{ Deep }

// TwoLevels embeds Middle, which embeds Deep.
type TwoLevels struct {
	ID uint
	Middle
}

// Left and Right both have TableName.
type Left struct{}

// TableName of Left.
func (Left) TableName() string { return "left_rows" }

// Right has one too.
type Right struct{}

// TableName of Right.
func (*Right) TableName() string { return "right_rows" }

// Both embeds Left and Right at the same depth: Both.TableName is an
// ambiguous selector, so *Both has no TableName and GORM names it "boths".
type Both struct {
	ID uint
	Left
	Right
}

// Own embeds ValBase but declares its own TableName, which wins.
type Own struct {
	ID uint
	ValBase
}

// TableName of Own hides ValBase's.
func (Own) TableName() string { return "own_rows" }

// Shallow has Right at depth 1 and Deep at depth 2: Right's wins.
type Shallow struct {
	ID uint
	Right
	Middle
}

// ConstBase's pointer-receiver TableName reads nothing of its receiver.
type ConstBase struct{ n int }

// TableName works on a nil *ConstBase.
func (*ConstBase) TableName() string { return "const_base_rows" }

// NilConst embeds *ConstBase, nil in a zero NilConst: GORM's call passes
// the nil pointer as the receiver, which TableName does not read.
type NilConst struct {
	ID uint
	*ConstBase
}
