# common.gp - shared by every nines chart: page size, font, the
# Okabe-Ito palette and the "nines" scale. nines copies this file and one
# chart template (availability.gp, budget.gp, ...) into each generated
# script, after a header that sets the file names, titles and ranges, so
# every generated script renders on its own: `gnuplot availability.gp`.
#
# Colour is never the only cue: the Okabe-Ito colours (Okabe & Ito,
# "Color Universal Design", 2008) stay distinct for the common colour-
# vision deficiencies, and every series also differs by marker shape, dash
# pattern or fill pattern, so the charts read in grayscale too.
#
# The header's strings (chart_title, tier_name, ...) and the data files'
# text columns hold names from the model: use them only as values (label
# and title text, drawn noenhanced), never with eval, @ or as a format,
# and build @ macros from the fixed text of these templates only, so no
# name is ever read as gnuplot code (issue 19; src/report/quote.h).
# In `with labels`, put noenhanced after the position and the offset:
# gnuplot 5.4 ignores it right after `labels` (a name's "@u" then hides
# the "u").

set encoding utf8
if (!exists("width")) { width = 800 }
if (!exists("height")) { height = 500 }
if (!exists("font_name")) { font_name = "DejaVu Sans" }
if (!exists("font_size")) { font_size = 11 }

oi_black = "#000000"
oi_orange = "#E69F00"
oi_sky = "#56B4E9"
oi_green = "#009E73"
oi_yellow = "#F0E442"
oi_blue = "#0072B2"
oi_vermillion = "#D55E00"
oi_purple = "#CC79A7"
grid_grey = "#D0D0D0"

png_term = sprintf("set terminal pngcairo size %d,%d enhanced font '%s,%g' linewidth 1.2 rounded background rgb 'white'", width, height, font_name, font_size)
svg_term = sprintf("set terminal svg size %d,%d dynamic enhanced font '%s,%g' linewidth 1.2 rounded background rgb 'white'", width, height, font_name, font_size)

# The nines scale: availability a is drawn at -log10(1 - a), so 99% is 2,
# 99.9% is 3 and 99.99% is 4; nines_cap stands in for a = 1.
if (!exists("nines_cap")) { nines_cap = 9 }
nines(a) = (a >= 1) ? nines_cap : -log10(1 - a)

# "99.95%" for a point of the nines scale: as many decimals as the nines
# need (2 -> 99%, 3 -> 99.9%, 3.30103 -> 99.95%).
nines_label(n) = sprintf(sprintf("%%.%df%%%%", n > 2 ? ceil(n - 1e-6) - 2 : 0), 100 * (1 - 10**(-n)))

set datafile separator "\t"
set datafile missing "NaN"
set border 3 lc rgb "#404040"
set tics nomirror out scale 0.6 textcolor rgb "#202020"
set style line 100 lc rgb grid_grey lw 0.8 dt solid
set grid back ls 100
small_font = sprintf(",%g", font_size - 1)
title_font = sprintf(",%g", font_size + 1)
