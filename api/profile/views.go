package profile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"konvo/model"
)

// ViewConfig is a saved view as the config file (views:) and the views
// file hold it.
type ViewConfig struct {
	Name        string   `yaml:"name"`
	Containment string   `yaml:"containment,omitempty"`
	From        string   `yaml:"from,omitempty"`
	To          string   `yaml:"to,omitempty"`
	User        string   `yaml:"user,omitempty"`
	SessionType string   `yaml:"session_type,omitempty"`
	Tags        []string `yaml:"tags,omitempty"`
	Query       string   `yaml:"query,omitempty"`
	ShorterThan string   `yaml:"shorter_than,omitempty"` // e.g. "30s"
	FailedTask  bool     `yaml:"failed_task,omitempty"`
	SlowTurns   bool     `yaml:"slow_turns,omitempty"`
}

// View reads the config into a model.View, naming what is wrong.
func (c ViewConfig) View() (model.View, error) {
	v := model.View{Name: strings.TrimSpace(c.Name), From: c.From, To: c.To, UserID: c.User, Query: c.Query, FailedTask: c.FailedTask, SlowTurns: c.SlowTurns}
	if v.Name == "" {
		return v, errors.New("a view has no name")
	}
	var err error
	if c.Containment != "" {
		if v.Containment, err = model.ParseContainment(c.Containment); err != nil {
			return v, fmt.Errorf("view %q: %w", v.Name, err)
		}
	}
	if v.Type, err = model.ParseSessionType(c.SessionType); err != nil {
		return v, fmt.Errorf("view %q: %w", v.Name, err)
	}
	for _, t := range c.Tags {
		tf, err := model.ParseTagFilter(t)
		if err != nil {
			return v, fmt.Errorf("view %q: %w", v.Name, err)
		}
		v.Tags = append(v.Tags, tf)
	}
	if c.ShorterThan != "" {
		if v.MaxDuration, err = time.ParseDuration(c.ShorterThan); err != nil || v.MaxDuration <= 0 {
			return v, fmt.Errorf("view %q: shorter_than %q: want a duration like 30s", v.Name, c.ShorterThan)
		}
	}
	if _, err := model.ParseRange(v.From, v.To, time.Now(), time.UTC); err != nil {
		return v, fmt.Errorf("view %q: %w", v.Name, err)
	}
	return v, nil
}

// ConfigOf is a view as the views file keeps it.
func ConfigOf(v model.View) ViewConfig {
	c := ViewConfig{Name: v.Name, From: v.From, To: v.To, User: v.UserID, Query: v.Query, FailedTask: v.FailedTask, SlowTurns: v.SlowTurns}
	if v.Containment != model.All {
		c.Containment = v.Containment.String()
	}
	if v.Type != model.AnySessionType {
		c.SessionType = v.Type.String()
	}
	for _, t := range v.Tags {
		c.Tags = append(c.Tags, t.String())
	}
	if v.MaxDuration > 0 {
		c.ShorterThan = v.MaxDuration.String()
	}
	return c
}

// ViewsPath is the file konvo keeps views saved from the TUI in, beside
// the config file: konvo rewrites it, so it never touches the config the
// user edits by hand.
func ViewsPath(configPath string) string {
	if configPath == "" {
		return ""
	}
	return filepath.Join(filepath.Dir(configPath), "views.yaml")
}

// LoadViews reads the views file; a missing one is empty.
func LoadViews(path string) ([]ViewConfig, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("views: %w", err)
	}
	var out struct {
		Views []ViewConfig `yaml:"views"`
	}
	if err := yaml.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("views %s: %w", path, err)
	}
	return out.Views, nil
}

// SaveView adds a view to the views file, replacing one of the same
// name.
func SaveView(path string, v model.View) error {
	return editViews(path, "save view", func(views []ViewConfig) []ViewConfig {
		c := ConfigOf(v)
		for i := range views {
			if strings.EqualFold(views[i].Name, v.Name) {
				views[i] = c
				return views
			}
		}
		return append(views, c)
	})
}

// DeleteView takes the view called name out of the views file.
func DeleteView(path, name string) error {
	return editViews(path, "delete view", func(views []ViewConfig) []ViewConfig {
		return slices.DeleteFunc(views, func(c ViewConfig) bool { return strings.EqualFold(c.Name, name) })
	})
}

// editViews rewrites the views file whole (temporary file, rename) with
// what edit makes of its views.
func editViews(path, doing string, edit func([]ViewConfig) []ViewConfig) error {
	if path == "" {
		return errors.New("no place to keep views: set HOME or XDG_CONFIG_HOME")
	}
	views, err := LoadViews(path)
	if err != nil {
		return err
	}
	data, err := yaml.Marshal(map[string]any{"views": edit(views)})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("%s: %w", doing, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".views-*.yaml")
	if err != nil {
		return fmt.Errorf("%s: %w", doing, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append([]byte("# Views saved from konvo (S on the list). konvo rewrites this file.\n"), data...)); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", doing, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", doing, err)
	}
	return os.Rename(tmp.Name(), path)
}

// views gathers konvo's views, the config's and the saved ones; a later
// one replaces an earlier one of the same name.
func views(cfg []ViewConfig, path string) ([]model.View, error) {
	out := model.BuiltinViews()
	saved, err := LoadViews(path)
	if err != nil {
		return nil, err
	}
	for i, c := range append(cfg, saved...) {
		v, err := c.View()
		if err != nil {
			return nil, err
		}
		v.Saved = i >= len(cfg)
		out = model.PutView(out, v)
	}
	return out, nil
}
