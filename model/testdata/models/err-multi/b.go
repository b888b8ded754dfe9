package models

// Beta has a non-constant TableName and an unsupported field.
type Beta struct {
	ID    uint
	Attrs map[string]string
	Flag  bool `gorm:"default:maybe;uniqe"`
}

// TableName is computed.
func (b Beta) TableName() string { return b.name() }

func (Beta) name() string { return "betas" }
