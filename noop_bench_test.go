package gen

import (
	"context"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/genmigrate/gen/internal/benchschema"
	"github.com/genmigrate/gen/internal/testdb"
)

// The speed of a no-op `gen diff` (issue 8, Speed): the models and the
// database agree on n tables of a realistic shape (internal/benchschema),
// and Draft must find nothing to change. docs/PERFORMANCE.md ("No-op
// diff: 1000 and 10,000 tables") has the figures, in process and as a
// whole process beside psql reading the same catalog rows.

// EnvBench10k asks for BenchmarkDiffNoop10000, which builds 10,000 tables
// in a database of its own (about a minute) and is skipped otherwise;
// .ci/run sets it.
const EnvBench10k = "GEN_BENCH_10K"

// noopProject builds the benchmark's n tables in a test schema and the
// module of their models, and returns the Project on them. With analyze,
// it refreshes the catalogs' statistics afterwards (as autovacuum would),
// so that the timed catalog queries are planned for the catalogs as they
// are.
func noopProject(tb testing.TB, n int, analyze bool) *Project {
	tb.Helper()
	// Past 1000 tables, a database of its own: dropping it drops the dead
	// catalog rows of its tables too, which in a schema of the shared test
	// database would slow every later test's catalog queries (the server's
	// autovacuum may be off).
	var pg *testdb.PG
	if n > 1000 {
		pg = testdb.Database(tb)
	} else {
		pg = testdb.Postgres(tb)
	}
	const chunk = 100 // an implicit transaction per chunk: 10,000 tables take too many locks for one
	for i := 0; i < n; i += chunk {
		if _, err := pg.Conn.Exec(context.Background(), benchschema.DDLRange(pg.Schema, i, min(i+chunk, n))); err != nil {
			tb.Fatalf("creating tables %d to %d: %v", i, min(i+chunk, n)-1, err)
		}
	}
	if analyze {
		if _, err := pg.Conn.Exec(context.Background(), benchschema.AnalyzeCatalog); err != nil {
			tb.Fatal(err)
		}
	}
	dir := tb.TempDir()
	if err := benchschema.WriteModule(dir, n); err != nil {
		tb.Fatal(err)
	}
	p, err := New(Config{DB: pg.URL, WorkDir: dir, Models: []string{"./models"}, Dir: "migrations"})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// draftNoop drafts on p and fails unless the draft is empty.
func draftNoop(tb testing.TB, p *Project) {
	tb.Helper()
	d, err := p.Draft(context.Background(), "noop", DraftOptions{NoLiveChecks: true})
	if err != nil {
		tb.Fatal(err)
	}
	if !d.Empty() {
		tb.Fatalf("the benchmark's models and tables differ: %d changes\n%.2000s", len(d.Plan.Changes), upSQL(d))
	}
}

func benchmarkDiffNoop(b *testing.B, n int) {
	p := noopProject(b, n, true)
	draftNoop(b, p)
	peak := peakHeap()
	for b.Loop() {
		draftNoop(b, p)
	}
	b.ReportMetric(peak()/(1<<20), "peak-heap-MiB")
}

// peakHeap samples the heap's objects (runtime/metrics, which does not
// stop the world) every 5 ms until the returned function is called, and
// returns the largest figure in bytes: the in-process side of the peak
// memory that docs/PERFORMANCE.md records for whole processes.
func peakHeap() func() float64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > peak.Load() {
			peak.Store(v)
		}
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() float64 {
		close(stop)
		<-done
		read()
		return float64(peak.Load())
	}
}

// BenchmarkDiffNoop1000 is Project.Draft (models loaded with go/packages,
// the catalog read, compared) on 1000 tables that the models match.
func BenchmarkDiffNoop1000(b *testing.B) { benchmarkDiffNoop(b, 1000) }

// BenchmarkDiffNoop10000 is BenchmarkDiffNoop1000 on 10,000 tables; it
// runs only with GEN_BENCH_10K=1.
func BenchmarkDiffNoop10000(b *testing.B) {
	if os.Getenv(EnvBench10k) == "" {
		b.Skip(EnvBench10k + " is not set: skipping the 10,000-table benchmark (set it to 1 to run it)")
	}
	benchmarkDiffNoop(b, 10000)
}

// TestDiffNoopBenchSchema checks the benchmark itself on a few tables:
// the models match the tables exactly (no change), and one model edited
// is seen (the no-op is not an accident of models that say nothing).
func TestDiffNoopBenchSchema(t *testing.T) {
	const n = 20
	p := noopProject(t, n, false)
	draftNoop(t, p)
	path := filepath.Join(p.Config().WorkDir, "models", "models.go")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "size:120;not null;index", "size:121;not null;index", 1)
	if edited == string(src) {
		t.Fatal("the models have no name column of size 120 to edit")
	}
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := p.Draft(context.Background(), "edit", DraftOptions{NoLiveChecks: true})
	if err != nil {
		t.Fatal(err)
	}
	up := upSQL(d)
	want := `ALTER TABLE "item00000_entries" ALTER COLUMN "name" TYPE character varying(121)`
	if !strings.Contains(up, want) {
		t.Errorf("after widening Item00000Entry.Name the migration does not say %s:\n%s", want, up)
	}
}

// upSQL is the Up statements of every file of d.
func upSQL(d *Draft) string {
	var b strings.Builder
	for _, f := range d.Files {
		for _, s := range f.Up {
			b.WriteString(s.SQL)
			b.WriteString(";\n")
		}
	}
	return b.String()
}
