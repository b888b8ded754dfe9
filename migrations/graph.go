package migrations

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// A Graph is the revision graph of a migrations directory: each revision
// points to its parents.
type Graph struct {
	files    []*File // topological order
	byID     map[string]*File
	index    map[string]int // position in files
	children map[string][]string
}

// NewGraph links files by their parents. It returns a *GraphError listing
// every duplicate revision id, unknown parent and cycle, with file names.
func NewGraph(files []*File) (*Graph, error) {
	g := &Graph{byID: map[string]*File{}, index: map[string]int{}, children: map[string][]string{}}
	var problems []string
	sorted := slices.Clone(files)
	slices.SortFunc(sorted, func(a, b *File) int { return cmp.Compare(a.Name, b.Name) })
	dups := map[string][]string{}
	for _, f := range sorted {
		if prev, ok := g.byID[f.Revision]; ok {
			if len(dups[f.Revision]) == 0 {
				dups[f.Revision] = []string{prev.Name}
			}
			dups[f.Revision] = append(dups[f.Revision], f.Name)
			continue
		}
		g.byID[f.Revision] = f
	}
	for _, f := range sorted {
		if ns := dups[f.Revision]; len(ns) > 0 && ns[0] == f.Name {
			problems = append(problems, fmt.Sprintf("revision %s is in several files: %s; give all but one a new id (gen:revision) and fix the parents that point to it", f.Revision, strings.Join(ns, ", ")))
		}
	}
	// Edges, from the files that own their id.
	indeg := map[string]int{}
	for _, f := range sorted {
		if g.byID[f.Revision] != f {
			continue
		}
		seen := map[string]bool{}
		for _, p := range f.Parents {
			if seen[p] {
				continue
			}
			seen[p] = true
			if _, ok := g.byID[p]; !ok {
				problems = append(problems, fmt.Sprintf("%s: parent %s is not a revision in the directory; restore its file or fix gen:parents", f.Name, p))
				continue
			}
			g.children[p] = append(g.children[p], f.Revision)
			indeg[f.Revision]++
		}
	}
	// Kahn's algorithm, taking the ready revision with the smallest file
	// name first.
	var ready []*File
	for _, f := range sorted {
		if g.byID[f.Revision] == f && indeg[f.Revision] == 0 {
			ready = append(ready, f)
		}
	}
	for len(ready) > 0 {
		slices.SortFunc(ready, func(a, b *File) int { return cmp.Compare(a.Name, b.Name) })
		f := ready[0]
		ready = ready[1:]
		g.index[f.Revision] = len(g.files)
		g.files = append(g.files, f)
		for _, c := range g.children[f.Revision] {
			if indeg[c]--; indeg[c] == 0 {
				ready = append(ready, g.byID[c])
			}
		}
	}
	if len(g.files) < len(g.byID) {
		problems = append(problems, g.cycles()...)
	}
	if len(problems) > 0 {
		return nil, &GraphError{Problems: problems}
	}
	return g, nil
}

// cycles describes the cycles among the revisions left out of the
// topological order.
func (g *Graph) cycles() []string {
	var out []string
	done := map[string]bool{}
	ids := make([]string, 0, len(g.byID))
	for id := range g.byID {
		if _, ok := g.index[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(g.byID[a].Name, g.byID[b].Name) })
	for _, start := range ids {
		if done[start] {
			continue
		}
		// Walk parents (each left-out revision has one left out) until a
		// revision repeats.
		pos := map[string]int{}
		var path []string
		id := start
		for {
			if i, ok := pos[id]; ok {
				cyc := path[i:]
				names := make([]string, 0, len(cyc)+1)
				for _, c := range cyc {
					names = append(names, fmt.Sprintf("%s (%s)", g.byID[c].Name, c))
				}
				names = append(names, names[0])
				out = append(out, "cycle: "+strings.Join(names, " has parent ")+"; fix gen:parents so that revisions only point to older ones")
				break
			}
			if done[id] {
				break
			}
			pos[id] = len(path)
			path = append(path, id)
			next := ""
			for _, p := range g.byID[id].Parents {
				if _, in := g.index[p]; !in {
					if _, known := g.byID[p]; known {
						next = p
						break
					}
				}
			}
			if next == "" {
				break
			}
			id = next
		}
		for _, p := range path {
			done[p] = true
		}
	}
	return out
}

// Files returns every revision in topological order: parents before
// children, ties broken by file name.
func (g *Graph) Files() []*File { return g.files }

// File returns the revision with exactly this id, or nil.
func (g *Graph) File(id string) *File { return g.byID[id] }

// Heads returns the revisions that no revision has as a parent, in
// topological order. A directory with one line of history has one head.
func (g *Graph) Heads() []*File {
	var out []*File
	for _, f := range g.files {
		if len(g.children[f.Revision]) == 0 {
			out = append(out, f)
		}
	}
	return out
}

// Children returns the revisions that have id as a parent, in topological
// order.
func (g *Graph) Children(id string) []*File {
	var out []*File
	for _, c := range g.children[id] {
		out = append(out, g.byID[c])
	}
	g.sort(out)
	return out
}

func (g *Graph) sort(fs []*File) {
	slices.SortFunc(fs, func(a, b *File) int { return cmp.Compare(g.index[a.Revision], g.index[b.Revision]) })
}

// Resolve finds the revision whose id is ref or, failing that, the one
// whose id starts with ref. It returns an error wrapping ErrAmbiguous
// (listing the candidates) or ErrUnknownRevision.
func (g *Graph) Resolve(ref string) (*File, error) {
	if f, ok := g.byID[ref]; ok {
		return f, nil
	}
	var matches []*File
	if ref != "" {
		for _, f := range g.files {
			if strings.HasPrefix(f.Revision, ref) {
				matches = append(matches, f)
			}
		}
	}
	switch len(matches) {
	case 0:
		return nil, fmt.Errorf("%w %q: no migration file has it; `gen history` lists the revisions", ErrUnknownRevision, ref)
	case 1:
		return matches[0], nil
	}
	return nil, fmt.Errorf("%w %q matches %s; give more characters", ErrAmbiguous, ref, fileList(matches))
}

// Ancestors returns the revision id and all its ancestors in topological
// order, or nil when id is not in the graph.
func (g *Graph) Ancestors(id string) []*File {
	if _, ok := g.byID[id]; !ok {
		return nil
	}
	seen := map[string]bool{id: true}
	stack := []string{id}
	var out []*File
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		f := g.byID[cur]
		out = append(out, f)
		for _, p := range f.Parents {
			if !seen[p] {
				seen[p] = true
				stack = append(stack, p)
			}
		}
	}
	g.sort(out)
	return out
}

// fileList names files as "id (name)", comma-separated.
func fileList(fs []*File) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("%s (%s)", f.Revision, f.Name)
	}
	return strings.Join(parts, ", ")
}
