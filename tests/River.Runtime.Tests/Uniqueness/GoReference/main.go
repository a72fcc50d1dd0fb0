// Command main prints the reference unique keys of GoReferenceUniqueKeyTests: for Go values equivalent to the
// test's C# args, the key string River Go builds (internal/dbunique: top-level keys sorted, values as
// encoding/json wrote them, marked fields rebuilt as nested objects) and its SHA-256.
//
// Standard library only (no River module download): River's gjson/sjson steps are written out for the
// shapes used here (ASCII top-level names without path syntax). Run: go run main.go (Go 1.19 was used;
// the inputs avoid \b and \f, which Go before 1.22 writes as \u0008 and \u000c).
package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

type InteropMap struct {
	Customer string         `json:"customer"`
	Labels   map[string]int `json:"labels"`
}

type InteropTimes struct {
	At      time.Time   `json:"at"`
	Local   time.Time   `json:"local"`
	Utc     time.Time   `json:"utc"`
	Missing *time.Time  `json:"missing"`
	History []time.Time `json:"history"`
}

type InteropNumbers struct {
	Big         int64       `json:"big"`
	Unsigned    uint64      `json:"unsigned"`
	Minimum     int64       `json:"minimum"`
	Large       float64     `json:"large"`
	Million     float64     `json:"million"`
	Tiny        float64     `json:"tiny"`
	Tenth       float64     `json:"tenth"`
	Whole       float64     `json:"whole"`
	Single      float32     `json:"single"`
	SingleLarge float32     `json:"single_large"`
	Price       json.Number `json:"price"`
	Count       int         `json:"count"`
}

type InteropItem struct {
	Name string            `json:"name"`
	Tags map[string]string `json:"tags"`
	At   time.Time         `json:"at"`
}

type InteropOwner struct {
	Zeta  string `json:"zeta"`
	Alpha string `json:"alpha"`
}

type InteropNested struct {
	Items  []InteropItem                `json:"items"`
	Owner  InteropOwner                 `json:"owner"`
	Groups map[string]map[string]string `json:"groups"`
}

type InteropStrings struct {
	Html       string            `json:"html"`
	Unicode    string            `json:"unicode"`
	Separators string            `json:"separators"`
	Controls   string            `json:"controls"`
	Keys       map[string]string `json:"keys"`
}

type InteropValues struct {
	Id      string  `json:"id"`
	Color   int     `json:"color"`
	Day     string  `json:"day"`
	Clock   string  `json:"clock"`
	Blob    []byte  `json:"blob"`
	Flag    bool    `json:"flag"`
	Nothing *string `json:"nothing"`
	Empty   []int   `json:"empty"`
}

type InteropSince struct {
	Since   time.Time `json:"since" river:"unique"`
	Score   float64   `json:"score" river:"unique"`
	Ignored string    `json:"ignored"`
}

type InteropMarked struct {
	Labels  map[string]int `json:"labels" river:"unique"`
	Account InteropSince   `json:"account"`
	Note    string         `json:"note"`
}

// sortedAll is River's ByArgs without marked fields: the top-level keys sorted, raw values.
func sortedAll(encoded []byte) string {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(encoded, &members); err != nil {
		panic(err)
	}
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%q:%s", k, members[k])
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// selected is River's ByArgs with marked fields (sorted dotted paths, at most two levels here).
func selected(encoded []byte, paths []string) string {
	sort.Strings(paths)
	var top map[string]json.RawMessage
	if err := json.Unmarshal(encoded, &top); err != nil {
		panic(err)
	}
	var out strings.Builder
	out.WriteString("{")
	open := ""
	first := true
	for _, path := range paths {
		segments := strings.Split(path, ".")
		if len(segments) == 1 {
			if open != "" {
				out.WriteString("}")
				open = ""
			}
			if !first {
				out.WriteString(",")
			}
			fmt.Fprintf(&out, "%q:%s", segments[0], top[segments[0]])
			first = false
			continue
		}
		var inner map[string]json.RawMessage
		if err := json.Unmarshal(top[segments[0]], &inner); err != nil {
			panic(err)
		}
		if open != segments[0] {
			if open != "" {
				out.WriteString("}")
			}
			if !first {
				out.WriteString(",")
			}
			fmt.Fprintf(&out, "%q:{", segments[0])
			open = segments[0]
			fmt.Fprintf(&out, "%q:%s", segments[1], inner[segments[1]])
		} else {
			fmt.Fprintf(&out, ",%q:%s", segments[1], inner[segments[1]])
		}
		first = false
	}
	if open != "" {
		out.WriteString("}")
	}
	out.WriteString("}")
	return out.String()
}

func print(name, kind string, args any, paths []string, period time.Duration, at time.Time, queue string) {
	encoded, err := json.Marshal(args)
	if err != nil {
		panic(err)
	}
	key := "&kind=" + kind + "&args="
	if paths == nil {
		key += sortedAll(encoded)
	} else {
		key += selected(encoded, paths)
	}
	if period != 0 {
		key += "&period=" + at.Truncate(period).Format(time.RFC3339)
	}
	if queue != "" {
		key += "&queue=" + queue
	}
	fmt.Printf("%s\t%x\t%s\n", name, sha256.Sum256([]byte(key)), key)
}

func main() {
	plus2 := time.FixedZone("", 2*60*60)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	print("map", "interop.unique_map", InteropMap{Customer: "go-first", Labels: map[string]int{"zeta": 3, "alpha": 1, "beta": 2}},
		nil, time.Hour, time.Date(2026, 12, 2, 4, 30, 0, 0, time.UTC), "uniq_q")
	print("times", "interop.unique_time", InteropTimes{
		At:      at,
		Local:   time.Date(2026, 1, 2, 5, 4, 5, 123000000, plus2),
		Utc:     time.Date(2026, 1, 2, 3, 4, 5, 500000000, time.UTC),
		History: []time.Time{at.Add(time.Hour), time.Date(2026, 1, 2, 3, 4, 5, 1234567*100, time.UTC)},
	}, nil, 0, at, "")
	print("numbers", "interop.unique_numbers", InteropNumbers{
		Big: 9007199254740993, Unsigned: 18446744073709551615, Minimum: -9223372036854775808,
		Large: 1e21, Million: 1e15, Tiny: 1e-7, Tenth: 0.1, Whole: 3, Single: 0.1, SingleLarge: 1e21,
		Price: json.Number("1.50"), Count: 42,
	}, nil, 0, at, "")
	print("nested", "interop.unique_nested", InteropNested{
		Items: []InteropItem{
			{Name: "b", Tags: map[string]string{"z": "1", "a": "2"}, At: at},
			{Name: "a", Tags: map[string]string{}, At: time.Date(2026, 1, 2, 5, 4, 5, 0, plus2)},
		},
		Owner:  InteropOwner{Zeta: "z", Alpha: "a"},
		Groups: map[string]map[string]string{"second": {"y": "1", "x": "2"}, "first": {"k": "v"}},
	}, nil, 0, at, "")
	print("strings", "interop.unique_strings", InteropStrings{
		Html:       `<a href="x">&amp;</a>`,
		Unicode:    "héllo wörld 😀 日本",
		Separators: "line\u2028para\u2029end",
		Controls:   "tab\tnl\ncr\r\x01\x1f\x7f",
		Keys:       map[string]string{"<k>": "1", "é": "2", "a&b": "3"},
	}, nil, 0, at, "")
	print("values", "interop.unique_values", InteropValues{
		Id: "0f8fad5b-d9cb-469f-a165-70867728950e", Color: 2, Day: "2026-01-02", Clock: "03:04:05",
		Blob: []byte{0, 1, 2, 250}, Flag: true, Empty: []int{},
	}, nil, 0, at, "")
	print("marked", "interop.unique_marked", InteropMarked{
		Labels:  map[string]int{"b": 2, "a": 1},
		Account: InteropSince{Since: at, Score: 1e15, Ignored: "x"},
		Note:    "not part of the key",
	}, []string{"labels", "account.since", "account.score"}, 0, at, "")
}
