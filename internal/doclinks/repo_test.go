package doclinks

import (
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// root is the repository, seen from this package's folder.
const root = "../.."

// pendingFiles are files that the documentation names before they exist, each with the
// branch that writes it. Links to them pass (anchors into them do not); once the file
// exists, TestPendingFilesAreStillPending asks for its removal from this list.
var pendingFiles = map[string]string{}

// TestRepositoryLinks checks every Markdown file, help, the Go sources (test files aside:
// their fixtures name files on purpose), the Terraform test files and CI's script for dead
// links, references and mentions.
func TestRepositoryLinks(t *testing.T) {
	files := documentationFiles(t)
	require.Contains(t, files, "README.md")
	require.Contains(t, files, "help")
	extra := fstest.MapFS{}
	for p := range pendingFiles {
		extra[p] = &fstest.MapFile{}
	}
	if err := newChecker(overlay{os.DirFS(root), extra}).checkFiles(files); err != nil {
		t.Errorf("dead links (fix the link, or the heading it names; anchors follow GitHub's rules, see package doc):\n%v", err)
	}
}

func TestPendingFilesAreStillPending(t *testing.T) {
	for p, why := range pendingFiles {
		_, err := os.Stat(path.Join(root, p))
		assert.Error(t, err, "%s exists now (%s): remove it from pendingFiles", p, why)
	}
}

// documentationFiles lists, repository-relative, every .md file, help, every Go source but
// tests and every .hcl file outside generated and hidden folders, and the hidden files that
// cite the documentation.
func documentationFiles(t *testing.T) []string {
	t.Helper()
	files := []string{".gitignore", ".ci/run"}
	err := fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(name, ".") || name == "cdktf.out" || name == "node_modules") {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".hcl") || p == "help" ||
			strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			files = append(files, p)
		}
		return nil
	})
	require.NoError(t, err)
	return files
}

// overlay adds files to a file system, for files that do not exist yet.
type overlay struct {
	fs.FS
	extra fs.FS
}

func (o overlay) Open(name string) (fs.File, error) {
	if f, err := o.extra.Open(name); err == nil {
		return f, nil
	}
	return o.FS.Open(name)
}
