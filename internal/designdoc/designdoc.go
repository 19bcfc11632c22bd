// Package designdoc keeps docs/design.md true to the code it describes, so that a moved,
// renamed or added file fails a test instead of misleading the next reader:
//
//   - the concern table ("Where each concern lives"): every path a row names exists, and
//     every Go source of the repository (tests, generated code and testdata aside) is named
//     by a row, by its file or by its package's folder;
//   - a field list (the fields of stacks.Environment under "Add an environment"): the
//     fields documented are the fields of the struct, in the same order.
//
// In the table's first column each path is a code span. A path ending in "/" names a
// folder, which covers the Go files directly in it (not those of its subfolders, which are
// packages of their own); any other path names a file. A path without "/" is in the folder
// of the path before it in the same cell ("`stacks/stack.go`, `variables.go`"), or at the
// repository's root when it comes first ("`main.go`").
//
// The package is pure Go (go/parser, no jsii): its tests run in go test -short.
package designdoc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Row is one row of a concern table.
type Row struct {
	// Line is the row's 1-based line in the document.
	Line int
	// Paths are the repository-relative files and folders (ending in "/") the row names.
	Paths []string
	// Concern is the row's second column, as written.
	Concern string
}

// codeSpan matches a Markdown code span: `text`.
var codeSpan = regexp.MustCompile("`([^`]+)`")

// ConcernTable returns the rows of the first table under the heading of this text (any
// level, "## Where each concern lives") in the Markdown document doc. It fails when the
// heading or its table is missing, or a row names no path.
func ConcernTable(doc []byte, heading string) ([]Row, error) {
	lines, start, err := section(doc, heading)
	if err != nil {
		return nil, err
	}
	var rows []Row
	header := 0 // table lines seen: the header and its delimiter row come first
	for i, line := range lines {
		if !strings.HasPrefix(line, "|") {
			if header > 0 {
				break // the table ended
			}
			continue
		}
		header++
		if header <= 2 {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		row := Row{Line: start + i + 1}
		if len(cells) > 1 {
			row.Concern = strings.TrimSpace(cells[1])
		}
		dir := ""
		for _, m := range codeSpan.FindAllStringSubmatch(cells[0], -1) {
			p := m[1]
			switch {
			case strings.Contains(p, "/"):
				dir = strings.TrimSuffix(p, "/")
				if !strings.HasSuffix(p, "/") {
					dir = path.Dir(p)
				}
			case dir != "":
				p = dir + "/" + p
			}
			row.Paths = append(row.Paths, p)
		}
		if len(row.Paths) == 0 {
			return nil, fmt.Errorf("line %d: the row names no file or folder in its first column (write each as `path`): %s", row.Line, line)
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no table of rows under the heading %q", heading)
	}
	return rows, nil
}

// section returns the lines after the heading of this text up to the next heading of the
// same or a higher level, outside fenced code blocks, and the 0-based line of the first.
func section(doc []byte, heading string) ([]string, int, error) {
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(doc))
	sc.Buffer(make([]byte, 0, 64*1024), len(doc)+1)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	level, start := 0, -1
	fenced := false
	for i, line := range lines {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
		}
		if fenced {
			continue
		}
		hashes := len(line) - len(strings.TrimLeft(line, "#"))
		if hashes == 0 || hashes > 6 || !strings.HasPrefix(line[hashes:], " ") {
			continue
		}
		text := strings.TrimSpace(line[hashes:])
		if start < 0 && text == heading {
			level, start = hashes, i+1
			continue
		}
		if start >= 0 && hashes <= level {
			return lines[start:i], start, nil
		}
	}
	if start < 0 {
		return nil, 0, fmt.Errorf("no heading %q", heading)
	}
	return lines[start:], start, nil
}

// Problem is a path the table names that does not exist, or a Go file no row names.
type Problem struct {
	// Path is the repository-relative file or folder.
	Path string
	// Line is the row's line in the document; 0 for a file no row names.
	Line int
	// Reason says what is wrong and what to do.
	Reason string
}

func (p Problem) Error() string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", p.Path, p.Reason)
	}
	return fmt.Sprintf("line %d: %s: %s", p.Line, p.Path, p.Reason)
}

// Check reports every path of rows that does not exist in fsys (a folder where a file is
// named, or the other way round, included), every path named by two rows, and every file
// of goFiles that no row names by file or by its folder. doc names the document in the
// reasons. The error joins one Problem each, in the rows' order, then the files' order;
// nil when the table and the tree agree.
func Check(fsys fs.FS, doc string, rows []Row, goFiles []string) error {
	var problems []error
	named := map[string]int{} // path -> line of the row naming it
	for _, row := range rows {
		for _, p := range row.Paths {
			if line, ok := named[p]; ok {
				problems = append(problems, Problem{p, row.Line, fmt.Sprintf("named again (first at line %d): keep it in the row of its one concern", line)})
				continue
			}
			named[p] = row.Line
			folder := strings.HasSuffix(p, "/")
			info, err := fs.Stat(fsys, strings.TrimSuffix(p, "/"))
			switch {
			case err != nil:
				problems = append(problems, Problem{p, row.Line, fmt.Sprintf("%s names it but it does not exist: moved or renamed? name its new path in the row; deleted? drop it from the row", doc)})
			case folder && !info.IsDir():
				problems = append(problems, Problem{p, row.Line, fmt.Sprintf("%s names it as a folder (trailing /), but it is a file: drop the /", doc)})
			case !folder && info.IsDir():
				problems = append(problems, Problem{p, row.Line, fmt.Sprintf("%s names it as a file, but it is a folder: write it with a trailing /", doc)})
			}
		}
	}
	for _, f := range goFiles {
		if _, ok := named[f]; ok {
			continue
		}
		if _, ok := named[path.Dir(f)+"/"]; ok {
			continue
		}
		problems = append(problems, Problem{Path: f, Reason: fmt.Sprintf("no row of %s's concern table names it or its folder %s/: add it to the row of its concern, or give it a row of its own", doc, path.Dir(f))})
	}
	return errors.Join(problems...)
}

// generated matches the line that marks a generated Go file (go help generate), and
// packageClause the line that ends where it may stand.
var (
	generated     = regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)
	packageClause = regexp.MustCompile(`(?m)^package `)
)

// skippedDirs are folders whose Go files are not the repository's code: test data,
// vendored or downloaded modules, and cdktf's output.
var skippedDirs = map[string]bool{"testdata": true, "vendor": true, "node_modules": true, "cdktf.out": true}

// GoFiles lists, sorted and slash-separated, the Go sources of the repository at fsys's
// root that a concern table must cover: every .go file but tests (_test.go), generated
// files (a "// Code generated ... DO NOT EDIT." line before the package clause), and
// files under testdata, vendor, node_modules, cdktf.out or a hidden folder.
func GoFiles(fsys fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || skippedDirs[name]) {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if isGenerated(src) {
			return nil
		}
		files = append(files, p)
		return nil
	})
	sort.Strings(files)
	return files, err
}

// isGenerated reports whether the Go source src carries the generated-code marker before
// its package clause.
func isGenerated(src []byte) bool {
	if loc := packageClause.FindIndex(src); loc != nil {
		src = src[:loc[0]]
	}
	return generated.Match(src)
}

// StructFields returns the names of the fields of the struct type typeName declared in
// the Go source src (file names it in errors), in declaration order; an embedded field
// counts by its type's name.
func StructFields(file string, src []byte, typeName string) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), file, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.TYPE {
			continue
		}
		for _, spec := range gen.Specs {
			ts := spec.(*ast.TypeSpec)
			if ts.Name.Name != typeName {
				continue
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				return nil, fmt.Errorf("%s: type %s is not a struct", file, typeName)
			}
			var names []string
			for _, field := range st.Fields.List {
				if len(field.Names) == 0 {
					names = append(names, embeddedName(field.Type))
				}
				for _, n := range field.Names {
					names = append(names, n.Name)
				}
			}
			return names, nil
		}
	}
	return nil, fmt.Errorf("%s declares no type %s", file, typeName)
}

// embeddedName returns the name an embedded field of type expr goes by.
func embeddedName(expr ast.Expr) string {
	switch e := expr.(type) {
	case *ast.StarExpr:
		return embeddedName(e.X)
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.Ident:
		return e.Name
	}
	return fmt.Sprintf("%T", expr)
}

// listedField matches a list item that documents a field: "- `Name`: ...".
var listedField = regexp.MustCompile("^[-*] `([A-Za-z_][A-Za-z0-9_]*)`:")

// ListedFields returns the field names of the first list under the heading of this text
// in the Markdown document doc whose items start "- `Name`:", in the list's order.
func ListedFields(doc []byte, heading string) ([]string, error) {
	lines, _, err := section(doc, heading)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, line := range lines {
		m := listedField.FindStringSubmatch(line)
		switch {
		case m != nil:
			names = append(names, m[1])
		case len(names) > 0 && (line == "" || !strings.HasPrefix(line, " ")):
			return names, nil // the list ended: a blank line or a paragraph
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no list of fields (\"- `Name`: ...\") under the heading %q", heading)
	}
	return names, nil
}

// repoPath matches a code span's text that reads as a relative path with a folder in it:
// "stacks/stack.go", "internal/tfjson/", not "go test ./..." or "cdktf.out/stacks/<stack>/".
var repoPath = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_.-]+)*/[A-Za-z0-9_.-]*$`)

// CheckMentions reports every path that a code span of the Markdown document doc (named
// name in the reasons) writes, outside fenced code blocks, and that does not exist in
// fsys: a span reading as a relative path whose first folder exists at fsys's root
// ("stacks/stacks_test.go", "bench/"), cdktf.out/ aside, which only a synth writes. The
// error joins one Problem each, in line order; nil when all exist.
func CheckMentions(fsys fs.FS, name string, doc []byte) error {
	var problems []error
	fenced := false
	for i, line := range strings.Split(string(doc), "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
		}
		if fenced {
			continue
		}
		for _, m := range codeSpan.FindAllStringSubmatch(line, -1) {
			p := m[1]
			first, _, _ := strings.Cut(p, "/")
			if !repoPath.MatchString(p) || first == "cdktf.out" {
				continue
			}
			if info, err := fs.Stat(fsys, first); err != nil || !info.IsDir() {
				continue // not a path of this repository: a module path, a command
			}
			if _, err := fs.Stat(fsys, strings.TrimSuffix(p, "/")); err != nil {
				problems = append(problems, Problem{p, i + 1, fmt.Sprintf("%s names it but it does not exist: write the path it has now, or drop it", name)})
			}
		}
	}
	return errors.Join(problems...)
}
