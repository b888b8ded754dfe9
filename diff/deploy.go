package diff

import (
	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/migrations"
)

// Deploy classifies the plan for deploy order.
func (p *Plan) Deploy() migrations.Deploy {
	var adds, removes, breaks bool
	var walk func(o Op)
	walk = func(o Op) {
		if a, ok := o.(*AlterTable); ok {
			for _, sub := range a.Ops {
				walk(sub)
			}
			return
		}
		switch o.deploy() {
		case effectAdds:
			adds = true
		case effectRemove:
			removes = true
		case effectBreaks:
			breaks = true
		}
	}
	for _, c := range p.Changes {
		walk(c.Op)
	}
	switch {
	case breaks || adds && removes:
		return migrations.DeployExpandContract
	case removes:
		return migrations.DeployDestructive
	}
	return migrations.DeployAdditive
}

func (o *Atlas) deploy() effect {
	switch sc := o.Change.(type) {
	case *schema.AddTable, *schema.AddObject, *schema.ModifyObject:
		return effectAdds
	case *schema.DropTable, *schema.DropObject:
		return effectRemove
	case *schema.RenameTable, *schema.RenameColumn:
		return effectBreaks
	case *schema.AddColumn:
		// A NOT NULL column without a default breaks old code's inserts.
		if !sc.C.Type.Null && sc.C.Default == nil && !autoFilled(sc.C) {
			return effectBreaks
		}
		return effectAdds
	case *schema.DropColumn, *schema.DropForeignKey, *schema.DropCheck, *schema.DropPrimaryKey:
		return effectRemove
	case *schema.DropIndex:
		// Dropping an index breaks no code; dropping a unique one lifts a
		// guarantee old code may rely on.
		if sc.I.Unique {
			return effectRemove
		}
		return effectNone
	case *schema.ModifyColumn:
		switch {
		case sc.Change.Is(schema.ChangeType):
			return effectBreaks
		case sc.Change.Is(schema.ChangeNull) && !sc.To.Type.Null:
			return effectRemove // old code may still write NULL
		}
		return effectAdds
	}
	// New indexes, constraints, checks, keys, comments: old code keeps
	// working, new code may rely on them.
	return effectAdds
}

func (o *AlterTable) deploy() effect   { return effectNone } // Plan.Deploy walks its Ops
func (o *NotValid) deploy() effect     { return effectAdds }
func (o *Validate) deploy() effect     { return effectAdds }
func (o *AttachUnique) deploy() effect { return effectAdds }
func (o *Backfill) deploy() effect     { return effectAdds }
func (o *Manual) deploy() effect       { return effectBreaks }

// Old code may still write NULL.
func (o *EnforceNotNull) deploy() effect { return effectRemove }

func (o *Concurrently) deploy() effect {
	if d, ok := o.C.(*schema.DropIndex); ok && d.I.Unique {
		return effectRemove
	}
	return effectAdds
}

// autoFilled reports whether the database fills the column itself.
func autoFilled(c *schema.Column) bool {
	if c.Type == nil {
		return false
	}
	switch c.Type.Raw {
	case "smallserial", "serial", "bigserial":
		return true
	}
	for _, a := range c.Attrs {
		switch a.(type) {
		case *schema.GeneratedExpr:
			return true
		}
	}
	return identityOf(c) != ""
}
