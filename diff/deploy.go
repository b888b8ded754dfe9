package diff

import (
	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/migrations"
)

// Deploy classifies the plan for deploy order.
func (p *Plan) Deploy() migrations.Deploy {
	var adds, removes, both bool
	for _, c := range p.Changes {
		switch op := c.Op.(type) {
		case *schema.AddTable, *schema.AddObject:
			adds = true
		case *schema.DropTable, *schema.DropObject:
			removes = true
		case *schema.RenameTable:
			both = true
		case *schema.ModifyObject:
			adds = true
		case *schema.ModifyTable:
			for _, sc := range op.Changes {
				switch sc := sc.(type) {
				case *schema.RenameColumn:
					both = true
				case *schema.AddColumn:
					// A NOT NULL column without a default breaks old code's inserts.
					if !sc.C.Type.Null && sc.C.Default == nil && !autoFilled(sc.C) {
						both = true
					} else {
						adds = true
					}
				case *schema.DropColumn, *schema.DropForeignKey, *schema.DropCheck, *schema.DropPrimaryKey:
					removes = true
				case *schema.DropIndex:
					// Dropping an index breaks no code; dropping a unique one
					// lifts a guarantee old code may rely on.
					if sc.I.Unique {
						removes = true
					}
				case *schema.ModifyColumn:
					switch {
					case sc.Change.Is(schema.ChangeType):
						both = true
					case sc.Change.Is(schema.ChangeNull) && !sc.To.Type.Null:
						removes = true // old code may still write NULL
					default:
						adds = true
					}
				default:
					// New indexes, constraints, checks, keys, comments: old code
					// keeps working, new code may rely on them.
					adds = true
				}
			}
		}
	}
	switch {
	case both || adds && removes:
		return migrations.DeployExpandContract
	case removes:
		return migrations.DeployDestructive
	}
	return migrations.DeployAdditive
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
