package gen

import (
	"fmt"
	"strings"

	"github.com/genmigrate/gen/migrations"
)

// Revision writes an empty revision following the head of the migrations
// directory, recorded in gen.sum: the place for a hand-written data
// migration, such as the backfill a column needs between the revision that
// adds it and the one that enforces NOT NULL. Its Up and Down sections hold
// only comments saying what to write there; the author writes the
// statements and runs `gen hash`. It needs no database. It returns the file
// and its path; with several heads it writes nothing and returns an error
// wrapping ErrMultipleHeads.
func (p *Project) Revision(message string) (*migrations.File, string, error) {
	if strings.TrimSpace(message) == "" {
		return nil, "", &UsageError{Msg: "a revision needs a message: gen revision -m \"backfill nicknames\""}
	}
	dir, err := p.openDir()
	if err != nil {
		return nil, "", err
	}
	g, err := dir.Graph()
	if err != nil {
		return nil, "", err
	}
	heads := g.Heads()
	if len(heads) > 1 {
		return nil, "", fmt.Errorf("%w (%s): a new revision would not know which one to follow; run `gen merge -m \"merge heads\"` first",
			ErrMultipleHeads, fileList(heads))
	}
	f := &migrations.File{
		Revision: migrations.NewRevisionID(),
		Message:  message,
		Created:  p.now(),
		Dialect:  p.fileDialect(),
		// Data alone changes: old and new code both run against it.
		Deploy: migrations.DeployAdditive,
		Up:     []migrations.Stmt{{Comments: revisionUpText}},
		Down:   []migrations.Stmt{{Comments: revisionDownText}},
	}
	for _, h := range heads {
		f.Parents = append(f.Parents, h.Revision)
	}
	path, err := dir.Write(f)
	if err != nil {
		return nil, "", err
	}
	return f, path, nil
}

// revisionUpText and revisionDownText are the comments of an empty
// revision: placeholders where the statements go (Encode writes them as
// comments, Parse reads them back as free comments).
var (
	revisionUpText = []string{
		"DATA MIGRATION (to write): the statements this revision runs, below these comments,",
		"for example the backfill a new column needs before NOT NULL is enforced:",
		"",
		"  UPDATE users SET nickname = name WHERE nickname IS NULL;",
		"",
		"On a large table, update in batches by primary-key range, one statement per range",
		"(… WHERE nickname IS NULL AND id >= 1 AND id < 10001;), so that each holds its row",
		"locks briefly. The statements run in one transaction, after the revisions before",
		"this one. Then run `gen hash`: gen.sum recorded this file as written, and",
		"`gen upgrade` and `gen check` refuse it edited until you do. Left as it is, the",
		"revision runs nothing.",
	}
	revisionDownText = []string{
		"What undoes the statements above, below these comments, or nothing: a backfill",
		"usually needs no undoing (the revision that added the column drops it). When the",
		"change cannot be undone, say so here rather than pretending.",
	}
)
