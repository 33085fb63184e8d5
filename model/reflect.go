package model

import (
	"reflect"
	"sort"
)

func reflectTypeOf[T any]() reflect.Type { return reflect.TypeOf((*T)(nil)).Elem() }

// sortTags orders tags read from a JSON object, whose member order Go's
// decoder does not keep, so output is the same on every run.
func sortTags(tags []Tag) {
	sort.Slice(tags, func(i, j int) bool {
		if tags[i].Name != tags[j].Name {
			return tags[i].Name < tags[j].Name
		}
		return tags[i].Value < tags[j].Value
	})
}
