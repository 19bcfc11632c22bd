package stacks

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// SettingsFile holds the settings, in its "context" object: cdktf.json, the file the cdktf
// CLI reads too. The CLI hands that object to the app's jsii side only (as
// CDKTF_CONTEXT_JSON, which `go run .` never has), so the app reads the file itself: both
// routes then see the same settings (docs/design.md, "Settings").
const SettingsFile = "cdktf.json"

// EnvPrefix starts the name of every setting's variable and of every ToolVariables entry.
const EnvPrefix = "KAFKA_EFS_"

// ToolVariables are the KAFKA_EFS_* variables that are not settings: they steer the tests,
// CI and the benchmark, never what is synthesized. The app accepts them in its
// environment (CI runs it with some set) and refuses any other KAFKA_EFS_* name that is
// not a setting. A new one is added here with where it is read; TestEveryVariableIsKnown
// fails until it is.
var ToolVariables = map[string]string{
	"KAFKA_EFS_TERRAFORM":       "stacks/terraform_test.go: the terraform or tofu binary of the Terraform tier",
	"KAFKA_EFS_PROVIDER_MIRROR": "stacks/terraform_test.go: the hashicorp/aws provider mirror of the Terraform tier",
	"KAFKA_EFS_TIER_REPORT":     "stacks/terraform_test.go, .ci/run, bench: the file the Terraform tier appends its lines to",
	"KAFKA_EFS_TFTEST_OUT":      "stacks/terraform_test.go: the folder TestTierFilesCompose writes the composed test files to",
	"KAFKA_EFS_CDKTF_CLI":       "stacks/hcl_test.go, .ci/run: the cdktf CLI that TestHCLRoute runs",
	"KAFKA_EFS_TOOLS":           ".ci/run: the folder of the tools CI installs",
	"KAFKA_EFS_KUSTOMIZE":       "stacks/manifests_test.go, .ci/run: a standalone kustomize for the GitOps test where kubectl is missing",
	"KAFKA_EFS_MOTO_SERVER":     "stacks/deploy_test.go: the moto_server binary of the deploy tier",
	"KAFKA_EFS_DEPLOY_PYTHON":   "stacks/deploy_test.go: the python3 (with boto3) that prepares the deploy tier's emulator",
}

// cdktfContextKeys are the context keys cdktf 0.20.12 itself reads (packages/cdktf/lib:
// annotations.ts, terraform-asset.ts, terraform-module-asset.ts, terraform-stack.ts). The
// app refuses them in SettingsFile with a reason of their own: only the CLI passes the
// file's context to cdktf, so `go run .` and `cdktf synth` would synthesize differently.
var cdktfContextKeys = []string{
	"@cdktf/disable_stack_trace_in_metadata", "cdktfJsonPath", "cdktfRelativeModules",
	"cdktfStaticModuleAssetHash", "cdktfVersion",
}

// LoadSettings reads the settings from the "context" object of the SettingsFile in dir or
// the nearest folder above it (as the cdktf CLI finds it), then lets the variables of
// environ (os.Environ's NAME=value form) override them for this run; an empty variable
// counts as unset. It refuses, all at once: no file, a file that is not JSON, a key of
// context that is no setting and a KAFKA_EFS_* variable that is neither a setting nor in
// ToolVariables (each naming the closest known name), and a value of the wrong JSON type.
// It does not check the values: Check does (Settings.Validate).
func LoadSettings(dir string, environ []string) (Settings, error) {
	vars := map[string]string{}
	for _, kv := range environ {
		if name, value, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(name, EnvPrefix) {
			vars[name] = value
		}
	}
	errs := unknownVariables(vars)
	context, err := readSettingsFile(dir)
	if err != nil {
		return resolveSettings(nil, nil), errors.Join(append([]error{err}, errs...)...)
	}
	errs = append(unknownKeys(context), errs...)
	s, typeErrs := resolveChecked(context, func(name string) string { return vars[name] })
	return s, errors.Join(append(errs, typeErrs...)...)
}

// readSettingsFile returns the "context" object of the SettingsFile in dir or the
// nearest folder above it.
func readSettingsFile(dir string) (map[string]json.RawMessage, error) {
	path, err := findSettingsFile(dir)
	if err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Context map[string]json.RawMessage `json:"context"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("%s: not a JSON object with a \"context\" object of settings: %v", path, err)
	}
	return doc.Context, nil
}

// SettingsFromEnv returns the settings with no file: the defaults, and the variables that
// getenv (os.Getenv, or a map in tests) returns. It refuses nothing; a value it cannot
// read (a flag other than true or false) stays at its default.
func SettingsFromEnv(getenv func(string) string) Settings { return resolveSettings(nil, getenv) }

// findSettingsFile returns the path of SettingsFile in dir or the nearest folder above.
func findSettingsFile(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		p := filepath.Join(d, SettingsFile)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("%s: not found in %s or any folder above it: run the app in the project's folder, whose %s holds the settings (its \"context\" object)", SettingsFile, abs, SettingsFile)
		}
	}
}

// resolveSettings is resolveChecked without its errors.
func resolveSettings(file map[string]json.RawMessage, getenv func(string) string) Settings {
	s, _ := resolveChecked(file, getenv)
	return s
}

// resolveChecked fills every setting of settingTable, in order: the file's value, then the
// variable's over it, else the default. A value of the wrong type is an error and leaves
// the setting as if unset. getenv may be nil (no variables).
func resolveChecked(file map[string]json.RawMessage, getenv func(string) string) (Settings, []error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	s := Settings{origins: map[string]origin{}}
	var errs []error
	for _, row := range settingTable {
		var o origin
		ptr := row.field(&s)
		if raw, ok := file[row.key]; ok {
			set, err := decodeJSON(ptr, raw)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s context.%s = %s: %v", SettingsFile, row.key, raw, err))
			}
			o.file = set
		}
		fromFile := show(ptr)
		if v := getenv(row.env); strings.TrimSpace(v) != "" {
			if err := decodeVariable(ptr, v); err != nil {
				errs = append(errs, fmt.Errorf("%s = %q: %v", row.env, v, err))
			} else {
				o.env = true
			}
		}
		if o.env {
			o.replaced = SettingsFile + " context." + row.key + " = " + fromFile
			if !o.file {
				o.replaced = "the default " + show(row.defaultValue(s))
			}
		}
		if !o.file && !o.env && row.def != nil {
			*ptr.(*string) = row.def(s)
		}
		s.origins[row.key] = o
	}
	return s, errs
}

// defaultValue returns what row's setting is without file or variable, given the rows
// above it in s, as a pointer of its field's kind.
func (row setting) defaultValue(s Settings) any {
	var zero Settings
	ptr := row.field(&zero)
	if row.def != nil {
		*ptr.(*string) = row.def(s)
	}
	return ptr
}

// decodeJSON sets *ptr from a value of the file and reports whether it set anything:
// null, "" and [] leave the default.
func decodeJSON(ptr any, raw json.RawMessage) (bool, error) {
	if string(raw) == "null" {
		return false, nil
	}
	switch p := ptr.(type) {
	case *string:
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return false, errors.New(`must be a JSON string, e.g. "value"`)
		}
		*p = strings.TrimSpace(v)
		return *p != "", nil
	case *[]string:
		var v []string
		if err := json.Unmarshal(raw, &v); err != nil {
			return false, errors.New(`must be a JSON array of strings, e.g. ["prod"]`)
		}
		*p = nil
		for _, item := range v {
			*p = append(*p, list(item)...)
		}
		return len(*p) > 0, nil
	case *bool:
		if err := json.Unmarshal(raw, p); err != nil {
			return false, errors.New("must be true or false")
		}
		return true, nil
	case *map[string]string:
		var v map[string]string
		if err := json.Unmarshal(raw, &v); err != nil {
			return false, errors.New(`must be a JSON object of strings, e.g. {"prod": "value"}`)
		}
		*p = nil
		for k, val := range v {
			if *p == nil {
				*p = map[string]string{}
			}
			(*p)[strings.TrimSpace(k)] = strings.TrimSpace(val)
		}
		return len(*p) > 0, nil
	}
	panic(fmt.Sprintf("settingTable: field of unknown kind %T", ptr))
}

// decodeVariable sets *ptr from a variable's text: a list comma-separated.
func decodeVariable(ptr any, v string) error {
	switch p := ptr.(type) {
	case *string:
		*p = strings.TrimSpace(v)
	case *[]string:
		*p = list(v)
	case *map[string]string:
		*p = pairs(v)
	case *bool:
		switch strings.TrimSpace(v) {
		case "true":
			*p = true
		case "false":
			*p = false
		default:
			return errors.New("must be true or false")
		}
	default:
		panic(fmt.Sprintf("settingTable: field of unknown kind %T", ptr))
	}
	return nil
}

// list splits a comma-separated setting, dropping blanks.
func list(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// pairs splits a comma-separated list of key=value pairs; a pair without "=" keeps an
// empty value, which the row's check refuses by name.
func pairs(v string) map[string]string {
	var out map[string]string
	for _, p := range list(v) {
		if out == nil {
			out = map[string]string{}
		}
		k, val, _ := strings.Cut(p, "=")
		out[strings.TrimSpace(k)] = strings.TrimSpace(val)
	}
	return out
}

// show renders the value ptr points at as messages and the summary quote it.
func show(ptr any) string {
	switch p := ptr.(type) {
	case *string:
		return fmt.Sprintf("%q", *p)
	case *[]string:
		if *p == nil {
			return "[]"
		}
		raw, _ := json.Marshal(*p)
		return string(raw)
	case *bool:
		return fmt.Sprint(*p)
	case *map[string]string:
		if *p == nil {
			return "{}"
		}
		raw, _ := json.Marshal(*p) // keys sorted
		return string(raw)
	}
	return fmt.Sprint(ptr)
}

// envOf is each setting's variable, by key: for Settings.name, which the rows' checks
// call (a lookup in settingTable there would make its initialization a cycle).
var envOf = map[string]string{}

func init() {
	for _, r := range settingTable {
		envOf[r.key] = r.env
	}
}

// row returns the row of key; a key missing from settingTable is a programming error.
func row(key string) setting {
	for _, r := range settingTable {
		if r.key == key {
			return r
		}
	}
	panic("settingTable has no key " + key)
}

// name says where the value of setting key came from, for a message: its variable when
// the variable set it, else its place in SettingsFile (where a default is changed too).
func (s Settings) name(key string) string {
	if s.origins[key].env {
		return envOf[key]
	}
	return SettingsFile + " context." + key
}

// problem is the error of setting key in s: where its value came from, the value, and
// what is allowed. A variable's list shows as the variable's text, comma-separated.
func (s Settings) problem(key, allowed string) error {
	r := row(key)
	value := show(r.field(&s))
	if l, ok := r.field(&s).(*[]string); ok && s.origins[key].env {
		value = fmt.Sprintf("%q", strings.Join(*l, ","))
	}
	return fmt.Errorf("%s = %s: %s", s.name(key), value, allowed)
}

// settingRef names setting key for a message that says where to change it.
func settingRef(key string) string {
	return SettingsFile + " context." + key + " (or " + row(key).env + ")"
}

// Overrides returns one summary line per setting that a variable set over the file or
// the default: the setting, its value, the variable and what it replaced. It is empty
// when no variable set one.
func (s Settings) Overrides() []string {
	var lines []string
	for _, r := range settingTable {
		if o := s.origins[r.key]; o.env {
			lines = append(lines, fmt.Sprintf("kafka-efs: setting %s = %s from %s for this run, over %s",
				r.key, show(r.field(&s)), r.env, o.replaced))
		}
	}
	return lines
}

// unknownKeys refuses every key of the file's context that is no setting, naming the
// closest setting.
func unknownKeys(context map[string]json.RawMessage) []error {
	// A key written as its variable (KAFKA_EFS_REGION) is closest to that variable's key.
	var keys, names []string
	byName := map[string]string{}
	for _, r := range settingTable {
		keys = append(keys, r.key)
		names = append(names, r.key, r.env)
		byName[r.key], byName[r.env] = r.key, r.key
	}
	var errs []error
	for _, k := range sortedKeys(context) {
		switch {
		case slices.Contains(keys, k):
		case slices.Contains(cdktfContextKeys, k):
			errs = append(errs, fmt.Errorf("%s context.%s: a key of cdktf itself, which only `cdktf synth` would pass to cdktf and `go run .` never: "+
				"the two would synthesize differently; set it in main.go's cdktf.AppConfig instead", SettingsFile, k))
		default:
			errs = append(errs, fmt.Errorf("%s context.%s: no such setting; did you mean %s? (the settings: docs/configuration.md)",
				SettingsFile, k, byName[closest(k, names)]))
		}
	}
	return errs
}

// unknownVariables refuses every KAFKA_EFS_* variable of vars that is neither a setting's
// nor in ToolVariables, naming the closest known name.
func unknownVariables(vars map[string]string) []error {
	var known []string
	for _, r := range settingTable {
		known = append(known, r.env)
	}
	for name := range ToolVariables {
		known = append(known, name)
	}
	slices.Sort(known)
	var errs []error
	for _, name := range sortedKeys(vars) {
		if !slices.Contains(known, name) {
			errs = append(errs, fmt.Errorf("%s: not a setting nor a variable of the tests; did you mean %s? (the settings: docs/configuration.md; "+
				"variables of the tests and CI: ToolVariables in stacks/settingsfile.go)", name, closest(name, known)))
		}
	}
	return errs
}

// sortedKeys returns m's keys in order, so that messages come in a stable order.
func sortedKeys[V any](m map[string]V) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// closest returns the candidate at the smallest edit distance from name, ignoring case
// (the first in candidates' order on a tie).
func closest(name string, candidates []string) string {
	best, bestDistance := "", -1
	for _, c := range candidates {
		// Case does not tell names apart here: Region is closest to region.
		if d := editDistance(strings.ToLower(name), strings.ToLower(c)); bestDistance < 0 || d < bestDistance {
			best, bestDistance = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b: the fewest insertions,
// deletions and substitutions of a byte that turn a into b. Case counts.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
