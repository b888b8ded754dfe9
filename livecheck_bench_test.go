package gen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/genmigrate/gen/internal/testdb"
	"github.com/genmigrate/gen/migrations"
)

// The cost of the live-check pass (issue 7, item 7): whatever the number
// of tables, it takes a constant number of round trips, and on 1000
// changed tables it adds at most 30% to `gen diff --no-live-checks`
// (BenchmarkDraft1000; the figures are in docs/PERFORMANCE.md).

// benchProject builds n tables bench_NNNN (id serial PRIMARY KEY, name
// text, code text) holding three rows each, and a module whose models
// change every one of them: name becomes NOT NULL, code gets a unique
// index, and a new nullable column note gets an index. The live pass then
// has several questions per table: its rows (for the index builds and the
// NOT NULL), its NULL names, its duplicate codes. It returns the module's
// directory and the database URL.
func benchProject(tb testing.TB, n int) (string, string) {
	tb.Helper()
	pg := testdb.Postgres(tb)
	var setup, models strings.Builder
	models.WriteString("package models\n")
	for i := range n {
		name := benchTable(i)
		fmt.Fprintf(&setup, "CREATE TABLE %s (id serial PRIMARY KEY, name text, code text);\nINSERT INTO %s (name, code) VALUES ('a', 'x'), ('b', 'y'), ('c', NULL);\n", name, name)
		fmt.Fprintf(&models, "\ntype Bench%04d struct {\n\tID   int32\n\tName string  `gorm:\"not null\"`\n\tCode *string `gorm:\"uniqueIndex\"`\n\tNote *string `gorm:\"index\"`\n}\n\nfunc (Bench%04d) TableName() string { return %q }\n", i, i, name)
	}
	if _, err := pg.Conn.Exec(context.Background(), setup.String()); err != nil {
		tb.Fatalf("creating %d tables: %v", n, err)
	}
	dir := tb.TempDir()
	files := map[string]string{
		"go.mod":           "module example.com/bench\n\ngo 1.22\n",
		"models/models.go": models.String(),
	}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "migrations"), 0o755); err != nil {
		tb.Fatal(err)
	}
	return dir, pg.URL
}

func benchTable(i int) string { return fmt.Sprintf("bench_%04d", i) }

// benchDraft drafts the migration of benchProject's module.
func benchDraft(tb testing.TB, dir, url string, opts DraftOptions) *Draft {
	tb.Helper()
	p, err := New(Config{DB: url, WorkDir: dir, Models: []string{"./models"}, Dir: "migrations"})
	if err != nil {
		tb.Fatal(err)
	}
	d, err := p.Draft(context.Background(), "bench", opts)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// checkBenchFlags checks that every one of the n tables got the flags of
// its change, with live figures unless noLive.
func checkBenchFlags(tb testing.TB, d *Draft, n int, noLive bool) {
	tb.Helper()
	type key struct{ code, object string }
	got := make(map[key]migrations.Flag)
	for _, f := range d.Flags() {
		got[key{f.Code, f.Object}] = f
	}
	for i := range n {
		name := benchTable(i)
		want := []struct{ code, object, live string }{
			{"GEN202", name + ".name", "0 rows of " + name + " with NULL name"},
			{"GEN302", name + ".name", "3 rows in " + name},
			{"GEN203", name + ".idx_" + name + "_code", "0 groups of rows of " + name + " sharing (code)"},
			{"GEN303", name + ".idx_" + name + "_code", "3 rows in " + name},
			{"GEN303", name + ".idx_" + name + "_note", "3 rows in " + name},
		}
		for _, w := range want {
			f, ok := got[key{w.code, w.object}]
			switch {
			case !ok:
				tb.Errorf("no %s flag on %s", w.code, w.object)
			case noLive && f.Live.String() != "not checked":
				tb.Errorf("%s on %s says %q without live checks, want \"not checked\"", w.code, w.object, f.Live)
			case !noLive && f.Live.String() != w.live:
				tb.Errorf("%s on %s says %q, want %q", w.code, w.object, f.Live, w.live)
			}
		}
	}
}

// TestLiveCheckRoundTripsConstant drafts the same kind of change on
// 10 and 20 tables, and on 250 and 500, with and without live checks, and
// counts the round trips on the wire (every connection's): the live pass's
// share (the difference) must not grow with the tables. Below the
// prober's split threshold (200 counting statements) it is the four of
// PostgresProber's connection (BEGIN READ ONLY, the catalog batch, the
// counting batch, ROLLBACK); above it, three more on its second
// connection (its startup, BEGIN READ ONLY with the settings and half of
// the columns query, its half of the counting batch; closing it sends no
// query).
func TestLiveCheckRoundTripsConstant(t *testing.T) {
	trips := func(n int) int {
		dir, url := benchProject(t, n)
		proxied, rt := roundTripProxy(t, url)
		before := rt.count()
		d := benchDraft(t, dir, proxied, DraftOptions{NoLiveChecks: true})
		noLive := rt.count() - before
		checkBenchFlags(t, d, n, true)
		before = rt.count()
		d = benchDraft(t, dir, proxied, DraftOptions{})
		live := rt.count() - before
		checkBenchFlags(t, d, n, false)
		t.Logf("%d tables: Draft took %d round trips with live checks, %d without", n, live, noLive)
		return live - noLive
	}
	for _, c := range []struct{ small, large, want int }{{10, 20, 4}, {250, 500, 7}} {
		small, large := trips(c.small), trips(c.large)
		if small != large {
			t.Errorf("the live pass took %d round trips on %d tables and %d on %d: the count must not grow", small, c.small, large, c.large)
		}
		if small != c.want {
			t.Errorf("the live pass took %d round trips on %d tables, want %d", small, c.small, c.want)
		}
	}
}

// BenchmarkDraft1000 drafts a change on each of 1000 seeded tables, with
// the live checks and without: the ratio of the two is the live pass's
// cost (target: live at most 1.3 × no-live-checks).
func BenchmarkDraft1000(b *testing.B) {
	const n = 1000
	dir, url := benchProject(b, n)
	for _, bc := range []struct {
		name string
		opts DraftOptions
	}{
		{"live", DraftOptions{}},
		{"no-live-checks", DraftOptions{NoLiveChecks: true}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			d := benchDraft(b, dir, url, bc.opts)
			checkBenchFlags(b, d, n, bc.opts.NoLiveChecks)
			for b.Loop() {
				benchDraft(b, dir, url, bc.opts)
			}
		})
	}
}

// roundTripProxy starts a TCP proxy in front of the PostgreSQL server of
// rawURL and returns the URL that goes through it (without TLS, so that
// the server's messages can be read) and its counter. A round trip is one
// ReadyForQuery message from the server: pgx sends a query (or a batch
// ending in its one Sync) and waits for ReadyForQuery before it sends
// anything else, so counting them counts the times the client waited on
// the server, however TCP splits the bytes. The server must take plain
// TCP connections (sslmode=disable) at the URL's host and port.
func roundTripProxy(t *testing.T, rawURL string) (string, *readyCounter) {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	target := u.Host
	if u.Port() == "" {
		target = net.JoinHostPort(u.Hostname(), "5432")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rc := &readyCounter{}
	var wg sync.WaitGroup
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", target)
			if err != nil {
				client.Close()
				continue
			}
			wg.Add(2)
			go func() {
				defer wg.Done()
				io.Copy(server, client)
				server.(*net.TCPConn).CloseWrite()
			}()
			go func() {
				defer wg.Done()
				w := &messageReader{onType: rc.see}
				io.Copy(io.MultiWriter(client, w), server)
				client.Close()
				server.Close()
			}()
		}
	}()
	u.Host = ln.Addr().String()
	q := u.Query()
	q.Set("sslmode", "disable")
	u.RawQuery = q.Encode()
	return u.String(), rc
}

// readyCounter counts the ReadyForQuery messages of every connection.
type readyCounter struct {
	mu sync.Mutex
	n  int
}

func (r *readyCounter) see(typ byte) {
	if typ == 'Z' {
		r.mu.Lock()
		r.n++
		r.mu.Unlock()
	}
}

func (r *readyCounter) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

// messageReader splits the server's side of the protocol into messages
// (a type byte, then a length that counts itself) and reports each
// message's type. Without TLS every message the server sends is typed.
type messageReader struct {
	onType func(byte)
	head   []byte // the partial header of the current message
	skip   int    // bytes of the current message's body still to come
}

func (m *messageReader) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 {
		if m.skip > 0 {
			k := min(m.skip, len(b))
			m.skip -= k
			b = b[k:]
			continue
		}
		k := min(5-len(m.head), len(b))
		m.head = append(m.head, b[:k]...)
		b = b[k:]
		if len(m.head) < 5 {
			continue
		}
		length := int(m.head[1])<<24 | int(m.head[2])<<16 | int(m.head[3])<<8 | int(m.head[4])
		if length < 4 {
			return n, errors.New("roundTripProxy: a server message with a length below 4")
		}
		m.onType(m.head[0])
		m.skip = length - 4
		m.head = m.head[:0]
	}
	return n, nil
}
