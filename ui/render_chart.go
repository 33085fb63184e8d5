package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"konvo/model"
)

// maxBarWidth bounds a bar: past it a wide terminal only stretches the
// bars away from their numbers.
const maxBarWidth = 60

// renderChart draws pie, bar and line charts as small text charts.
func renderChart(t *Theme, p model.Chart, w int) []string {
	var out []string
	title := p.Kind
	if p.Title != "" {
		title = safe(p.Title) + t.Dim.Render("  ("+p.Kind+")")
	}
	out = append(out, t.Bold.Render(truncate(title, w)))
	if len(p.Series) == 0 {
		return append(out, t.Dim.Render("(no data)"))
	}
	switch p.Kind {
	case "piechart":
		return append(out, pieLines(t, p, w)...)
	case "linechart":
		return append(out, lineLines(t, p, w)...)
	}
	return append(out, barLines(t, p, w)...)
}

// clean makes a value drawable: NaN and infinities count as zero.
func clean(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// bar is a horizontal bar of v/maxV of w cells, in eighths of a cell.
func bar(v, maxV float64, w int) string {
	if maxV <= 0 || v <= 0 || w <= 0 {
		return ""
	}
	eighths := int(math.Round(math.Min(v/maxV, 1) * float64(w*8)))
	full, rest := eighths/8, eighths%8
	s := strings.Repeat("█", full)
	if rest > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[rest-1])
	}
	return s
}

func valueLabel(s model.ChartSeries, i int) string {
	if i < len(s.Display) && s.Display[i] != "" {
		return safe(s.Display[i])
	}
	if i < len(s.Values) {
		return strconv.FormatFloat(clean(s.Values[i]), 'f', -1, 64)
	}
	return ""
}

func pieLines(t *Theme, p model.Chart, w int) []string {
	total := 0.0
	labelW := 0
	for _, s := range p.Series {
		if len(s.Values) > 0 {
			total += math.Max(clean(s.Values[0]), 0)
		}
		labelW = max(labelW, Width(safe(s.Title)))
	}
	labelW = min(labelW, w/3)
	barW := min(max(w-labelW-18, 4), maxBarWidth)
	var out []string
	for _, s := range p.Series {
		v := 0.0
		if len(s.Values) > 0 {
			v = math.Max(clean(s.Values[0]), 0)
		}
		share := 0.0
		if total > 0 {
			share = v / total
		}
		out = append(out, fmt.Sprintf("%s %s %s %s", pad(safe(s.Title), labelW),
			t.Bar.Render(pad(bar(share, 1, barW), barW)), padLeft(fmt.Sprintf("%.0f%%", share*100), 4), valueLabel(s, 0)))
	}
	return out
}

func barLines(t *Theme, p model.Chart, w int) []string {
	maxV := 0.0
	labelW := 0
	for _, s := range p.Series {
		for _, v := range s.Values {
			maxV = math.Max(maxV, clean(v))
		}
		labelW = max(labelW, Width(safe(s.Title)))
	}
	for _, h := range p.Headers {
		labelW = max(labelW, Width(safe(h)))
	}
	labelW = min(labelW, w/3)
	barW := min(max(w-labelW-14, 4), maxBarWidth)
	var out []string
	n := 0
	for _, s := range p.Series {
		n = max(n, len(s.Values))
	}
	grouped := len(p.Headers) > 0 && len(p.Series) > 1
	for i := 0; i < n; i++ {
		if grouped {
			header := ""
			if i < len(p.Headers) {
				header = safe(p.Headers[i])
			}
			out = append(out, t.Muted.Render(header))
		}
		for _, s := range p.Series {
			if i >= len(s.Values) {
				continue
			}
			label := safe(s.Title)
			if !grouped && i < len(p.Headers) {
				label = safe(p.Headers[i])
				if len(p.Series) > 1 {
					label += " " + safe(s.Title)
				}
			}
			out = append(out, fmt.Sprintf("%s %s %s", pad(label, labelW), t.Bar.Render(pad(bar(clean(s.Values[i]), maxV, barW), barW)), valueLabel(s, i)))
		}
	}
	return out
}

// lineLines draws each series as a sparkline with its range and ends.
func lineLines(t *Theme, p model.Chart, w int) []string {
	const ticks = "▁▂▃▄▅▆▇█"
	var out []string
	for _, s := range p.Series {
		if len(s.Values) == 0 {
			continue
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range s.Values {
			lo, hi = math.Min(lo, clean(v)), math.Max(hi, clean(v))
		}
		var spark strings.Builder
		for _, v := range s.Values {
			k := 0
			if hi > lo {
				k = int((clean(v) - lo) / (hi - lo) * 7)
			}
			spark.WriteRune([]rune(ticks)[clamp(k, 0, 7)])
		}
		first, last := "", ""
		if len(p.Headers) > 0 {
			first, last = safe(p.Headers[0]), safe(p.Headers[len(p.Headers)-1])
		}
		out = append(out, truncate(fmt.Sprintf("%s %s %s %s", safe(s.Title), first, t.Bar.Render(spark.String()), last), w))
		out = append(out, t.Dim.Render(truncate(fmt.Sprintf("  min %s · max %s · last %s",
			strconv.FormatFloat(lo, 'f', -1, 64), strconv.FormatFloat(hi, 'f', -1, 64), valueLabel(s, len(s.Values)-1)), w)))
		var pairs []string
		for i := range s.Values {
			label := ""
			if i < len(p.Headers) {
				label = safe(p.Headers[i]) + " "
			}
			pairs = append(pairs, label+valueLabel(s, i))
		}
		out = append(out, wrapIndented(t.Dim, strings.Join(pairs, " · "), w, "  ")...)
	}
	return out
}
