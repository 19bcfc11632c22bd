// Package doclinks finds dead links in the repository's documentation, so that a renamed
// heading or a moved file fails a test instead of breaking a reader's click:
//
//   - Markdown links, [text](path#anchor): the path resolves, from the linking file, to a
//     file or folder inside the repository, and the anchor to a heading of that file;
//   - references in prose, such as `README "Deploy"`: the file exists and has a heading of
//     that text (or of that text before a colon);
//   - mentions of a Markdown file, `stacks/testdata/terraform/README.md`: the file exists.
//
// Anchors follow GitHub's rules (github-slugger, which GitHub's renderer uses): the
// heading's text lower-cased, every character dropped but letters, digits, '-' and '_',
// each space replaced by '-'; a repeated anchor gets -1, -2, ... Only ATX headings
// (`## Title`) count; headings, links and mentions inside fenced code blocks do not.
//
// The package is pure Go: its tests start no jsii kernel.
package doclinks

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// Problem is one link, reference or mention that does not resolve.
type Problem struct {
	// File is the repository-relative file holding the link; empty for a link handed to
	// Check.
	File string
	// Line is the 1-based line of the link in File; 0 for a link handed to Check.
	Line int
	// Target is the link as written.
	Target string
	// Reason says what is missing and what would resolve.
	Reason string
}

func (p Problem) Error() string {
	if p.File == "" {
		return fmt.Sprintf("link %s: %s", p.Target, p.Reason)
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Target, p.Reason)
}

// Check reports every link of links that does not resolve in the repository at root. Each
// link is repository-relative, with an optional anchor: "docs/operations.md#io_limit-alarm",
// "README.md". It is for links that code builds, such as the runbook links of alarm
// descriptions. The error joins one Problem per dead link; nil when all resolve.
func Check(root string, links []string) error {
	return newChecker(os.DirFS(root)).checkLinks(links)
}

// CheckFiles reports every dead link, reference and mention in files, repository-relative
// paths in the repository at root. Markdown files (.md) are checked for links, references
// and mentions; any other file (help, Go source) for references and mentions only. The
// error joins one Problem per dead target, in file and line order; nil when all resolve.
func CheckFiles(root string, files []string) error {
	return newChecker(os.DirFS(root)).checkFiles(files)
}

// Slug returns the anchor GitHub gives a heading of this text, before duplicates are
// numbered: "Root access (break-glass)" -> "root-access-break-glass".
func Slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(plainText(heading)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || unicode.Is(unicode.Pc, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Heading is an ATX heading of a Markdown file.
type Heading struct {
	Text   string // as rendered: code, emphasis and link markup removed
	Anchor string // GitHub's anchor, numbered when repeated
	Line   int
}

// Headings returns the headings of a Markdown text in order, with GitHub's anchors.
func Headings(markdown string) []Heading {
	var out []Heading
	seen := map[string]int{} // github-slugger's occurrences: base slug -> last suffix
	for i, line := range strings.Split(maskFences(markdown), "\n") {
		m := headingRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		text := plainText(closingHashesRE.ReplaceAllString(strings.TrimSpace(m[2]), ""))
		base := Slug(text)
		anchor := base
		// github-slugger: on a repeat, count up from the base until the name is free.
		for _, taken := seen[anchor]; taken; _, taken = seen[anchor] {
			seen[base]++
			anchor = fmt.Sprintf("%s-%d", base, seen[base])
		}
		seen[anchor] = 0
		out = append(out, Heading{Text: text, Anchor: anchor, Line: i + 1})
	}
	return out
}

// Link is a Markdown link's target and the line it starts on.
type Link struct {
	Target string
	Line   int
}

// Links returns the targets of the inline links, images and link reference definitions of
// a Markdown text, outside code spans and fenced code blocks.
func Links(markdown string) []Link {
	var out []Link
	for _, s := range linkSpans(markdown) {
		out = append(out, Link{Target: markdown[s.target[0]:s.target[1]], Line: lineOf(markdown, s.target[0])})
	}
	return out
}

// linkSpan is where a link ([text](target)) and its target start and end in a text.
type linkSpan struct{ link, target [2]int }

// linkSpans returns the links of markdown in order. The masks keep every byte's offset,
// so the offsets hold in the original text.
func linkSpans(markdown string) []linkSpan {
	text := maskCodeSpans(maskFences(markdown))
	var out []linkSpan
	for _, re := range []*regexp.Regexp{inlineLinkRE, linkDefinitionRE} {
		for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
			s := linkSpan{link: [2]int{m[0], m[1]}, target: [2]int{m[4], m[5]}}
			if m[2] >= 0 { // <target>
				s.target = [2]int{m[2], m[3]}
			}
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].link[0] < out[j].link[0] })
	return out
}

var (
	headingRE       = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*))?$`)
	closingHashesRE = regexp.MustCompile(`(^|[ \t]+)#+[ \t]*$`)
	fenceRE         = regexp.MustCompile("^[ \t]*(`{3,}|~{3,})")
	// [text](target "title") and ![alt](<target>); the text may wrap onto the next line.
	inlineLinkRE = regexp.MustCompile(`!?\[[^\]]*\]\(\s*(?:<([^>\n]*)>|([^)\s]+))(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)`)
	// [label]: target
	linkDefinitionRE = regexp.MustCompile(`(?m)^ {0,3}\[[^\]]+\]:[ \t]*(?:<([^>\n]*)>|(\S+))`)
	// README "Deploy", docs/kubernetes.md "After deploying", README, "Configure"; the
	// quotes may be escaped, as in a Go string.
	referenceRE = regexp.MustCompile(`((?:\.\./)*(?:[\w-][\w.-]*/)*[\w-][\w.-]*\.md|README)\b,? ?\\?"([^"\\\n]+)\\?"`)
	// A Markdown file named in prose, code or a comment.
	mentionRE = regexp.MustCompile(`(?:\.\.?/)*(?:[\w-][\w.-]*/)*[\w-][\w.-]*\.md\b`)
	// Markup dropped from a heading's text, as GitHub renders it before taking the slug.
	linkMarkupRE     = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	htmlTagRE        = regexp.MustCompile(`<[^>]+>`)
	explicitAnchorRE = regexp.MustCompile(`<a\s+(?:name|id)="([^"]+)"`)
)

// plainText drops the inline markup GitHub does not render as text: code backticks,
// emphasis asterisks, HTML tags, and link syntax around a link's text.
func plainText(s string) string {
	s = linkMarkupRE.ReplaceAllString(s, "$1")
	s = htmlTagRE.ReplaceAllString(s, "")
	return strings.NewReplacer("`", "", "*", "").Replace(strings.TrimSpace(s))
}

// maskFences blanks the lines of fenced code blocks (fences included), keeping every
// byte's offset, so that a `# comment` in a shell block is no heading and its text no link.
func maskFences(text string) string {
	lines := strings.Split(text, "\n")
	fence := ""
	for i, line := range lines {
		m := fenceRE.FindStringSubmatch(line)
		switch {
		case fence == "" && m != nil:
			fence = m[1]
		case fence != "" && m != nil && m[1][0] == fence[0] && len(m[1]) >= len(fence) &&
			strings.TrimSpace(line) == m[1]:
			fence = ""
		case fence == "":
			continue
		}
		lines[i] = strings.Repeat(" ", len(line))
	}
	return strings.Join(lines, "\n")
}

// maskCodeSpans blanks code spans (a run of backticks up to the next run of the same
// length, across lines too), keeping newlines.
func maskCodeSpans(text string) string {
	b := []byte(text)
	for i := 0; ; {
		open, n := backtickRun(b, i)
		if open < 0 {
			return string(b)
		}
		end := closingRun(b, open+n, n)
		if end < 0 { // an unmatched run is literal text
			i = open + n
			continue
		}
		for j := open; j < end+n; j++ {
			if b[j] != '\n' {
				b[j] = ' '
			}
		}
		i = end + n
	}
}

// closingRun returns where the next run of exactly n backticks from i starts, or -1.
func closingRun(b []byte, i, n int) int {
	for {
		start, m := backtickRun(b, i)
		if start < 0 || m == n {
			return start
		}
		i = start + m
	}
}

// backtickRun returns the start and length of the first run of backticks from i on;
// -1 when there is none.
func backtickRun(b []byte, i int) (int, int) {
	for ; i < len(b); i++ {
		if b[i] == '`' {
			n := 1
			for i+n < len(b) && b[i+n] == '`' {
				n++
			}
			return i, n
		}
	}
	return -1, 0
}

type checker struct {
	fsys    fs.FS
	anchors map[string]map[string]bool // file -> its anchors, read once
	texts   map[string][]string        // file -> its heading texts
}

func newChecker(fsys fs.FS) *checker {
	return &checker{fsys: fsys, anchors: map[string]map[string]bool{}, texts: map[string][]string{}}
}

func (c *checker) checkLinks(links []string) error {
	var problems []error
	for _, l := range links {
		if reason := c.resolveLink("", l, "."); reason != "" {
			problems = append(problems, Problem{Target: l, Reason: reason})
		}
	}
	return errors.Join(problems...)
}

func (c *checker) checkFiles(files []string) error {
	var all []error
	for _, file := range files {
		for _, p := range c.checkFile(file) {
			all = append(all, p)
		}
	}
	return errors.Join(all...)
}

// checkFile returns the problems of one file in line order.
func (c *checker) checkFile(file string) []Problem {
	data, err := fs.ReadFile(c.fsys, file)
	if err != nil {
		return []Problem{{File: file, Target: file, Reason: "cannot read it: " + err.Error()}}
	}
	var problems []Problem
	text := string(data)
	dir := path.Dir(file)
	// A mention inside a link or a reference was checked with it; one in a link's text
	// either repeats the target or names a file of the external target.
	var checked [][2]int
	if strings.HasSuffix(file, ".md") {
		for _, s := range linkSpans(text) {
			checked = append(checked, s.link)
			target := text[s.target[0]:s.target[1]]
			if reason := c.resolveLink(file, target, dir); reason != "" {
				problems = append(problems, Problem{File: file, Line: lineOf(text, s.target[0]), Target: target, Reason: reason})
			}
		}
	}
	for _, m := range referenceRE.FindAllStringSubmatchIndex(text, -1) {
		if partOfLongerToken(text, m[0]) {
			continue
		}
		checked = append(checked, [2]int{m[0], m[1]})
		target, heading := text[m[2]:m[3]], text[m[4]:m[5]]
		if reason := c.resolveReference(target, heading, dir); reason != "" {
			problems = append(problems, Problem{File: file, Line: lineOf(text, m[0]), Target: text[m[0]:m[1]], Reason: reason})
		}
	}
	for _, m := range mentionRE.FindAllStringIndex(text, -1) {
		if partOfLongerToken(text, m[0]) || within(checked, m[0]) {
			continue
		}
		if _, reason := c.findFile(text[m[0]:m[1]], dir); reason != "" {
			problems = append(problems, Problem{File: file, Line: lineOf(text, m[0]), Target: text[m[0]:m[1]], Reason: reason})
		}
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	return problems
}

// partOfLongerToken is true when the match at i continues a URL or a longer name
// (https://host/README.md, ./x/../y.md is matched whole), which is not ours to check.
func partOfLongerToken(text string, i int) bool {
	if i == 0 {
		return false
	}
	r := text[i-1]
	return r == '/' || r == ':' || r == '.' || r == '-' || r == '_' || r == '@' ||
		r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func within(spans [][2]int, i int) bool {
	for _, s := range spans {
		if i >= s[0] && i < s[1] {
			return true
		}
	}
	return false
}

func lineOf(text string, i int) int { return 1 + strings.Count(text[:i], "\n") }

// resolveLink returns why a Markdown link from file (in dir) does not resolve, or "".
// External links (with a scheme, or protocol-relative) are not checked.
func (c *checker) resolveLink(file, target, dir string) string {
	if u, err := url.Parse(target); err == nil && (u.Scheme != "" || u.Host != "") {
		return ""
	}
	p, anchor, _ := strings.Cut(target, "#")
	p, err := url.PathUnescape(p)
	if err != nil {
		return "not a valid path: " + err.Error()
	}
	switch {
	case p == "" && file == "":
		return "names no file"
	case p == "":
		p = file
	case strings.HasPrefix(p, "/"):
		p = path.Clean(strings.TrimPrefix(p, "/"))
	default:
		p = path.Join(dir, p)
	}
	if p == ".." || strings.HasPrefix(p, "../") {
		return "points outside the repository: a clone has nothing there"
	}
	info, err := fs.Stat(c.fsys, p)
	if err != nil {
		return fmt.Sprintf("no file %s in the repository", p)
	}
	if anchor == "" || info.IsDir() || !strings.HasSuffix(p, ".md") {
		return ""
	}
	anchors := c.anchorsOf(p)
	if anchors[anchor] {
		return ""
	}
	known := make([]string, 0, len(anchors))
	for a := range anchors {
		known = append(known, a)
	}
	sort.Strings(known)
	return fmt.Sprintf("%s has no heading with anchor #%s (its anchors: %s)", p, anchor, strings.Join(known, ", "))
}

// resolveReference returns why `target "heading"` does not name a heading of a file, or "".
// The heading matches its whole text, or its text before a colon ("After deploying" names
// "After deploying: Kubernetes"), ignoring case.
func (c *checker) resolveReference(target, heading, dir string) string {
	if target == "README" {
		target = "README.md"
	}
	p, reason := c.findFile(target, dir)
	if reason != "" {
		return reason
	}
	c.anchorsOf(p)
	for _, h := range c.texts[p] {
		before, _, _ := strings.Cut(h, ":")
		if strings.EqualFold(h, heading) || strings.EqualFold(strings.TrimSpace(before), heading) {
			return ""
		}
	}
	return fmt.Sprintf("%s has no heading %q (its headings: %s)", p, heading, strings.Join(c.texts[p], "; "))
}

// findFile resolves a path named in prose: from the repository's root, as help and most
// comments write them, else from the naming file's folder.
func (c *checker) findFile(name, dir string) (string, string) {
	for _, p := range []string{path.Clean(name), path.Join(dir, name)} {
		if p == ".." || strings.HasPrefix(p, "../") {
			continue
		}
		if _, err := fs.Stat(c.fsys, p); err == nil {
			return p, ""
		}
	}
	if p := path.Join(dir, name); p == ".." || strings.HasPrefix(p, "../") {
		return "", "points outside the repository: a clone has nothing there"
	}
	return "", fmt.Sprintf("no file %s in the repository", name)
}

func (c *checker) anchorsOf(file string) map[string]bool {
	if a, ok := c.anchors[file]; ok {
		return a
	}
	a := map[string]bool{}
	data, _ := fs.ReadFile(c.fsys, file) // an unreadable file has no anchors
	for _, h := range Headings(string(data)) {
		a[h.Anchor] = true
		c.texts[file] = append(c.texts[file], h.Text)
	}
	for _, m := range explicitAnchorRE.FindAllStringSubmatch(string(data), -1) {
		a[m[1]] = true
	}
	c.anchors[file] = a
	return a
}
