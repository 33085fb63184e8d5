package main

import (
	"fmt"

	"charm.land/lipgloss/v2"

	"konvo/ui"
)

// The palettes use the ANSI-256 colours, which read on dark and light
// terminals alike and survive tmux and SSH without truecolor.
func darkPalette() ui.Palette {
	c := lipgloss.Color
	return ui.Palette{
		Name: "dark", Fg: c("252"), Muted: c("245"), Accent: c("39"), AccentFg: c("16"),
		User: c("117"), Bot: c("213"), Agent: c("221"), System: c("246"),
		Good: c("114"), Warn: c("215"), Bad: c("203"), Highlight: c("226"), HighlightFg: c("16"), Border: c("240"),
	}
}

func lightPalette() ui.Palette {
	c := lipgloss.Color
	return ui.Palette{
		Name: "light", Fg: c("235"), Muted: c("242"), Accent: c("25"), AccentFg: c("231"),
		User: c("24"), Bot: c("90"), Agent: c("130"), System: c("243"),
		Good: c("28"), Warn: c("166"), Bad: c("160"), Highlight: c("220"), HighlightFg: c("16"), Border: c("249"),
	}
}

func highContrastPalette() ui.Palette {
	return ui.Palette{
		Name: "high-contrast", Fg: lipgloss.BrightWhite, Muted: lipgloss.White, Accent: lipgloss.BrightYellow, AccentFg: lipgloss.Black,
		User: lipgloss.BrightCyan, Bot: lipgloss.BrightMagenta, Agent: lipgloss.BrightYellow, System: lipgloss.White,
		Good: lipgloss.BrightGreen, Warn: lipgloss.BrightYellow, Bad: lipgloss.BrightRed, Highlight: lipgloss.BrightYellow,
		HighlightFg: lipgloss.Black, Border: lipgloss.White,
	}
}

// themeFor picks the theme: NO_COLOR (any value) or "plain" means no
// colour at all; otherwise dark (the default), light or high-contrast.
func themeFor(name string, noColor bool) (ui.Theme, error) {
	if noColor {
		return ui.PlainTheme(), nil
	}
	switch name {
	case "", "dark":
		return ui.NewTheme(darkPalette()), nil
	case "light":
		return ui.NewTheme(lightPalette()), nil
	case "high-contrast", "highcontrast", "contrast":
		return ui.NewTheme(highContrastPalette()), nil
	case "plain", "none", "no-color":
		return ui.PlainTheme(), nil
	}
	return ui.Theme{}, fmt.Errorf("unknown theme %q (want dark, light, high-contrast or plain)", name)
}
