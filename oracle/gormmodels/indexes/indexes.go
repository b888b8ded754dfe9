package indexes

import "time"

// Profile covers index and uniqueIndex with every option GORM's
// PostgreSQL migrator turns into DDL (§1.5).
type Profile struct {
	ID uint

	Email    string     `gorm:"size:120;index"`                                                                                    // unnamed → idx_profiles_email
	Username string     `gorm:"size:60;uniqueIndex"`                                                                               // unnamed unique → idx_profiles_username
	Phone    string     `gorm:"index:idx_phone_lookup"`                                                                            // named
	Slug     string     `gorm:"uniqueIndex:uix_profiles_slug"`                                                                     // named unique
	First    string     `gorm:"index:idx_profiles_name,priority:2"`                                                                // composite, priority decides order
	Last     string     `gorm:"index:idx_profiles_name,priority:1"`                                                                // composite: (last, first)
	Region   string     `gorm:"index:idx_region_city"`                                                                             // composite, same priority: field order
	City     string     `gorm:"index:idx_region_city"`                                                                             // composite: (region, city)
	Rank     int        `gorm:"index:,sort:desc"`                                                                                  // unnamed with an option, sort desc
	Data     string     `gorm:"type:jsonb;index:,type:gin"`                                                                        // type:gin → USING gin
	Hash     string     `gorm:"index:idx_profiles_hash,type:hash"`                                                                 // USING hash
	Archived *time.Time `gorm:"index:idx_profiles_live,where:archived IS NULL"`                                                    // partial index
	Lower    string     `gorm:"index:idx_profiles_lower_email,expression:lower(email)"`                                            // expression index
	Handle   string     `gorm:"uniqueIndex:idx_profiles_handle_live,where:archived IS NULL"`                                       // partial unique
	Code     string     `gorm:"index:idx_profiles_code,unique"`                                                                    // unique as an option
	Kind     string     `gorm:"index:idx_profiles_kind,class:UNIQUE"`                                                              // class:UNIQUE
	Tenant   int        `gorm:"index:,composite:tenant_seq"`                                                                       // composite: name → idx_profiles_tenant_seq
	Seq      int        `gorm:"index:,composite:tenant_seq"`                                                                       // (tenant, seq)
	Nick     string     `gorm:"index:idx_profiles_nick,option:CONCURRENTLY"`                                                       // option CONCURRENTLY
	Title    string     `gorm:"index:idx_profiles_title,collate:\"C\""`                                                            // collate
	Note     string     `gorm:"index:idx_profiles_note,comment:for search"`                                                        // comment: no DDL on PostgreSQL
	Fill     string     `gorm:"index:idx_profiles_fill,option:WITH (fillfactor = 70)"`                                             // option: verbatim after the columns
	Age      int        `gorm:"index:idx_profiles_age_desc,sort:desc,where:age > 0"`                                               // sort and where together
	Lead     string     `gorm:"index:idx_profiles_lead,option:WITH (fillfactor = 80\\, deduplicate_items = off),where:lead <> ''"` // two storage parameters (GORM splits options on unescaped commas), then where
}

// Event covers a composite unique index over columns of different types
// and an index whose name GORM hashes because it is longer than 64
// characters (§1.4 formatName).
type Event struct {
	ID        uint
	AccountID uint      `gorm:"uniqueIndex:idx_events_account_day"`
	Day       time.Time `gorm:"type:date;uniqueIndex:idx_events_account_day"`
	// idx_events_event_category_identifier_used_for_quarterly_reporting_purposes
	// is 73 characters: GORM cuts it to 56 and adds 8 hex digits of its
	// SHA-1 (64), and PostgreSQL keeps 63 of those.
	EventCategoryIdentifierUsedForQuarterlyReportingPurposes string `gorm:"index"`
}
