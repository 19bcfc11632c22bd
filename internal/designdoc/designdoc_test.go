package designdoc

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// What the repository's tests check, and where. A package move changes the table in
// docs/design.md, not these.
const (
	root          = "../.." // the repository, seen from this package's folder
	designDoc     = "docs/design.md"
	concernTable  = "Where each concern lives"
	fieldsHeading = "Add an environment"
	envFile       = "stacks/environments.go"
	envType       = "Environment"
)

// TestDesignTableMatchesTree: every file and folder docs/design.md's concern table names
// exists, and every Go source of the repository is named by a row. Deleting a named file,
// or adding a Go file no row covers, fails here with the path and what to do.
func TestDesignTableMatchesTree(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(root, designDoc))
	require.NoError(t, err)
	rows, err := ConcernTable(doc, concernTable)
	require.NoError(t, err, "%s: the table under %q", designDoc, concernTable)
	files, err := GoFiles(os.DirFS(root))
	require.NoError(t, err)
	require.Contains(t, files, "main.go", "the walk starts at the repository's root")
	if err := Check(os.DirFS(root), designDoc, rows, files); err != nil {
		t.Errorf("%s %q and the tree disagree (the table's rules: package doc of internal/designdoc):\n%v", designDoc, concernTable, err)
	}
}

// TestDesignNamesExistingPaths: every repository path docs/design.md writes in its prose
// (stacks/stacks_test.go, constructs/kafkaefs/synth_test.go, bench/layout.go, ...) exists.
func TestDesignNamesExistingPaths(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(root, designDoc))
	require.NoError(t, err)
	if err := CheckMentions(os.DirFS(root), designDoc, doc); err != nil {
		t.Errorf("%s names paths that do not exist:\n%v", designDoc, err)
	}
}

// TestDesignListsEnvironmentFields: the fields docs/design.md documents for a new
// environment are stacks.Environment's, in its order. stacks imports jsii, so the struct
// is read from its source, not by reflection.
func TestDesignListsEnvironmentFields(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(root, envFile))
	require.NoError(t, err)
	want, err := StructFields(envFile, src, envType)
	require.NoError(t, err)
	require.Contains(t, want, "Stack", "the parse found the struct")
	doc, err := os.ReadFile(filepath.Join(root, designDoc))
	require.NoError(t, err)
	got, err := ListedFields(doc, fieldsHeading)
	require.NoError(t, err, designDoc)
	if !slices.Equal(got, want) {
		t.Errorf("%s %q lists the fields %v; %s.%s (%s) has %v: %s",
			designDoc, fieldsHeading, got, "stacks", envType, envFile, want, fieldDiff(got, want))
	}
}

// fieldDiff says what a documented field list lacks, has too many of, or has out of
// order.
func fieldDiff(documented, fields []string) string {
	var what []string
	for _, f := range fields {
		if !slices.Contains(documented, f) {
			what = append(what, "document "+f)
		}
	}
	for _, f := range documented {
		if !slices.Contains(fields, f) {
			what = append(what, "drop or rename "+f+" (no such field)")
		}
	}
	if len(what) == 0 {
		return "list them in the struct's order"
	}
	return strings.Join(what, "; ")
}

func TestFieldDiff(t *testing.T) {
	assert.Equal(t, "document CopyBackups; drop or rename BackupCopyRegion (no such field)",
		fieldDiff([]string{"Stack", "BackupCopyRegion"}, []string{"Stack", "CopyBackups"}))
	assert.Equal(t, "list them in the struct's order", fieldDiff([]string{"B", "A"}, []string{"A", "B"}))
}

const sampleDoc = "# Design\n" +
	"\n" +
	"## Where each concern lives\n" +
	"\n" +
	"| file | concern |\n" +
	"|---|---|\n" +
	"| `main.go` | the app |\n" +
	"| `pkg/a.go`, `b.go` | two files of pkg |\n" +
	"| `internal/x/`, `internal/y/` | two packages |\n" +
	"\n" +
	"Text after the table, `not/a/row.go`.\n" +
	"\n" +
	"```\n" +
	"## Where each concern lives\n" +
	"```\n" +
	"\n" +
	"## Add an environment\n" +
	"\n" +
	"- `Stack`: the name;\n" +
	"  continued.\n" +
	"- `Config`: the inputs.\n" +
	"\n" +
	"- `NotAField`: a later list.\n" +
	"\n" +
	"### A subsection\n" +
	"\n" +
	"## Next\n"

func TestConcernTable(t *testing.T) {
	rows, err := ConcernTable([]byte(sampleDoc), "Where each concern lives")
	require.NoError(t, err)
	assert.Equal(t, []Row{
		{Line: 7, Paths: []string{"main.go"}, Concern: "the app"},
		{Line: 8, Paths: []string{"pkg/a.go", "pkg/b.go"}, Concern: "two files of pkg"},
		{Line: 9, Paths: []string{"internal/x/", "internal/y/"}, Concern: "two packages"},
	}, rows, "a bare name is in the folder of the path before it; main.go at the root")

	_, err = ConcernTable([]byte(sampleDoc), "Where concerns live")
	assert.EqualError(t, err, `no heading "Where concerns live"`)
	_, err = ConcernTable([]byte(sampleDoc), "Next")
	assert.EqualError(t, err, `no table of rows under the heading "Next"`)
	_, err = ConcernTable([]byte("## T\n\n| file | concern |\n|---|---|\n| main | no code span |\n"), "T")
	assert.ErrorContains(t, err, "line 5: the row names no file or folder")
}

func TestCheck(t *testing.T) {
	fsys := fstest.MapFS{
		"main.go":           {},
		"pkg/a.go":          {},
		"pkg/b.go":          {},
		"pkg/c.go":          {},
		"internal/x/x.go":   {},
		"internal/x/z/z.go": {},
		"internal/y/y.go":   {},
	}
	rows, err := ConcernTable([]byte(sampleDoc), "Where each concern lives")
	require.NoError(t, err)
	files, err := GoFiles(fsys)
	require.NoError(t, err)

	err = Check(fsys, "design.md", rows, files)
	require.Error(t, err)
	assert.Equal(t, "internal/x/z/z.go: no row of design.md's concern table names it or its folder internal/x/z/: add it to the row of its concern, or give it a row of its own\n"+
		"pkg/c.go: no row of design.md's concern table names it or its folder pkg/: add it to the row of its concern, or give it a row of its own",
		err.Error(), "a folder row covers its own files, not a subfolder's; a file row no sibling")

	delete(fsys, "pkg/b.go")
	fsys["internal/y"] = &fstest.MapFile{} // a file where the row names a folder
	delete(fsys, "internal/y/y.go")
	rows = append(rows, Row{Line: 20, Paths: []string{"pkg/a.go", "pkg/"}})
	err = Check(fsys, "design.md", rows, []string{"main.go", "pkg/a.go", "pkg/c.go", "internal/x/x.go"})
	require.Error(t, err)
	assert.Equal(t, []string{
		"line 8: pkg/b.go: design.md names it but it does not exist: moved or renamed? name its new path in the row; deleted? drop it from the row",
		"line 9: internal/y/: design.md names it as a folder (trailing /), but it is a file: drop the /",
		"line 20: pkg/a.go: named again (first at line 8): keep it in the row of its one concern",
	}, strings.Split(err.Error(), "\n"), "pkg/ now covers pkg/c.go")

	assert.NoError(t, Check(fstest.MapFS{"a.go": {}}, "d", []Row{{Line: 1, Paths: []string{"a.go"}}}, []string{"a.go"}))
	err = Check(fstest.MapFS{"a/b.go": {}}, "d", []Row{{Line: 3, Paths: []string{"a"}}}, nil)
	assert.EqualError(t, err, "line 3: a: d names it as a file, but it is a folder: write it with a trailing /")
}

func TestGoFiles(t *testing.T) {
	gen := "// Copyright\n\n// Code generated by stringer; DO NOT EDIT.\n\npackage p\n"
	files, err := GoFiles(fstest.MapFS{
		"main.go":                        {Data: []byte("package main\n")},
		"main_test.go":                   {},
		"p/p.go":                         {Data: []byte("package p\n\n// Code generated by x; DO NOT EDIT.\n")}, // after the clause: not generated
		"p/kind_string.go":               {Data: []byte(gen)},
		"p/testdata/fixture.go":          {},
		".ci/tool.go":                    {},
		"cdktf.out/x.go":                 {},
		"node_modules/m/m.go":            {},
		"vendor/v/v.go":                  {},
		"_scratch/s.go":                  {},
		"README.md":                      {},
		"stacks/testdata/terraform/a.go": {},
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"main.go", "p/p.go"}, files)
}

func TestStructFields(t *testing.T) {
	src := []byte("package p\n\ntype Other struct{ X int }\n\n// E is.\ntype E struct {\n\t// A is.\n\tA string\n\tB, C int\n\tio.Reader\n\t*Other\n}\n")
	got, err := StructFields("e.go", src, "E")
	require.NoError(t, err)
	assert.Equal(t, []string{"A", "B", "C", "Reader", "Other"}, got)
	_, err = StructFields("e.go", src, "Missing")
	assert.EqualError(t, err, "e.go declares no type Missing")
	_, err = StructFields("e.go", []byte("package p\ntype E int\n"), "E")
	assert.EqualError(t, err, "e.go: type E is not a struct")
}

func TestListedFields(t *testing.T) {
	got, err := ListedFields([]byte(sampleDoc), "Add an environment")
	require.NoError(t, err)
	assert.Equal(t, []string{"Stack", "Config"}, got, "the first list only")
	_, err = ListedFields([]byte(sampleDoc), "Next")
	assert.ErrorContains(t, err, `no list of fields`)
}

func TestCheckMentions(t *testing.T) {
	fsys := fstest.MapFS{"stacks/stack.go": {}, "bench/main.go": {}}
	doc := "See `stacks/stack.go`, `stacks/gone.go` and `bench/`, `bench/floor/`.\n" +
		"Not paths: `go test ./...`, `github.com/x/y`, `cdktf.out/stacks/`, `testdata/`, `stacks/<stack>/`.\n" +
		"```\n`stacks/in-a-fence.go`\n```\n"
	err := CheckMentions(fsys, "d.md", []byte(doc))
	require.Error(t, err)
	assert.Equal(t, []string{
		"line 1: stacks/gone.go: d.md names it but it does not exist: write the path it has now, or drop it",
		"line 1: bench/floor/: d.md names it but it does not exist: write the path it has now, or drop it",
	}, strings.Split(err.Error(), "\n"))
}
