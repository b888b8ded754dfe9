// Package models has the GORM keys and relationship forms the other
// cases leave out.
package models

import "time"

// Settings is stored through serializers.
type Settings struct {
	Theme string
}

// Account has serializers, a step, and defaults GORM does not write.
type Account struct {
	ID uint `gorm:"autoIncrementIncrement:10"`
	// serializer and the legacy json key store text.
	Prefs   Settings          `gorm:"serializer:json"`
	Legacy  map[string]string `gorm:"json:json"`
	Blob    []int             `gorm:"serializer:gob"`
	Touched int64             `gorm:"serializer:unixtime;type:time"`
	// default:(-) says the database has a default GORM must not write.
	Token string `gorm:"default:(-)"`
	// Times GORM fills itself change no DDL.
	CreatedAt int64 `gorm:"autoCreateTime:milli"`
	UpdatedAt time.Time
}

// Team has a polymorphic relationship keyed by another field, and a
// many2many by other keys than the primary ones.
type Team struct {
	ID   uint
	Code string `gorm:"size:10;unique"`
	// The polymorphic key is the team's code.
	Notes []Note `gorm:"polymorphic:Owner;foreignKey:Code"`
	// many2many between the codes: team_skills(team_code, skill_name).
	Skills []Skill `gorm:"many2many:team_skills;foreignKey:Code;joinForeignKey:TeamCode;references:Name;joinReferences:SkillName"`
}

// Note's owner_id takes the team code's type.
type Note struct {
	ID        uint
	Body      string
	OwnerID   string
	OwnerType string
}

// Skill is joined by its unique name.
type Skill struct {
	ID   uint
	Name string `gorm:"size:40;uniqueIndex"`
}

// Stamped declares its owner through an embedded struct: GORM finds the
// has-one key through the embedded struct (its OwnerSchema).
type Stamped struct {
	ID uint
	Trail
}

// Trail is embedded in Stamped; its relationship is Stamped's.
type Trail struct {
	Log Log
}

// Log holds the key of Stamped.
type Log struct {
	ID        uint
	StampedID uint
}
