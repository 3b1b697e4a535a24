# allocation.gp - chart (4): what each component must promise. One row
# per component (in model order, top to bottom), on the nines scale: an
# open circle at its availability today, a filled triangle at the tier it
# is allocated, an arrow between them; third parties (fixed) keep today's
# value and are drawn as a vermillion cross. The tiers are the shaded
# vertical bands, each named at the top.
#
# Set by the header: data, png_out, svg_out, chart_title, n_rows, xmin,
# xmax, nines_cap, n_tiers, tier_name[], tier_avail[] (highest first),
# n_xtics, xtic_val[], xtic_lab[], has_own, has_fixed, has_pinned.
# Data columns: 1 row (0 at the top), 2 component, 3 fixed (0/1), 4 today,
# 5 allocated target, 6 label of the target.

set label 1 chart_title at screen 0.5, screen 0.955 center noenhanced font title_font
set tmargin 5
set xlabel "availability (nines scale)"
set xrange [xmin : xmax]
set yrange [n_rows - 0.4 : -0.9]
set xtics nomirror out scale 0.6 (xtic_lab[1] xtic_val[1])
do for [i = 2 : n_xtics] { set xtics add (xtic_lab[i] xtic_val[i]) }
set ytics nomirror out scale 0 noenhanced
set grid noxtics noytics
set key at screen 0.5, screen 0.065 center center horizontal maxrows 1 reverse Left samplen 1.5 width 1 font small_font
set bmargin 5
set rmargin 3

# Tier bands: tier i covers [its availability, the next higher tier);
# shades alternate so neighbouring bands stay apart in grayscale.
do for [i = 1 : n_tiers] {
    lo = nines(tier_avail[i])
    hi = (i > 1) ? nines(tier_avail[i - 1]) : xmax
    if (lo < xmax && hi > xmin) {
        set object rect from first (lo > xmin ? lo : xmin), graph 0 to first (hi < xmax ? hi : xmax), graph 1 back fc rgb (i % 2 ? "#E8EEF4" : "#F6F6F6") fs solid 1.0 noborder
        set arrow from first lo, graph 0 to first lo, graph 1 nohead back lw 1.2 lc rgb "#606060" dt (8, 5)
        set label sprintf("%s ≥ %s", tier_name[i], nines_label(lo)) at first ((lo > xmin ? lo : xmin) + (hi < xmax ? hi : xmax)) / 2, graph 1 center offset 0, 0.7 noenhanced font small_font textcolor rgb "#404040"
    }
}

right_of(a, b) = (nines(a) > nines(b)) ? nines(a) : nines(b)

# "*": the component got the top tier only because a journey through it
# cannot meet its target whatever the tiers (best effort).
if (has_pinned) {
    set label 99 "* top tier because a journey through it cannot meet its target" at screen 0.5, screen 0.02 center font small_font noenhanced
    set bmargin 6
}

# Optional parts: a clause over no data would only earn a warning.
own_clause = has_own ? ", data using ($3 > 0 ? NaN : nines($4)):1:(nines($5) - nines($4)):(0) with vectors head filled size screen 0.012, 25 lw 1.6 lc rgb oi_blue notitle, data using ($3 > 0 ? NaN : nines($4)):1 with points pt 6 ps 1.5 lw 1.4 lc rgb oi_black title \"today\", data using ($3 > 0 ? NaN : nines($5)):1 with points pt 9 ps 1.7 lc rgb oi_blue title \"allocated tier target\", data using ($3 > 0 ? NaN : right_of($4, $5)):1:6 with labels left offset 1.3, 0 noenhanced font small_font notitle" : ""
fixed_clause = has_fixed ? sprintf(", data using ($3 > 0 ? nines($4) : NaN):1 with points pt 2 ps 1.6 lw 2 lc rgb oi_vermillion title \"third party (fixed)\", data using ($3 > 0 ? nines($4) : NaN):1:6 with labels left offset 1.3, 0 noenhanced font small_font textcolor rgb oi_vermillion notitle") : ""

do for [fmt in "png svg"] {
    if (fmt eq "png") { eval png_term; set output png_out } else { eval svg_term; set output svg_out }
    plot data using (xmin):1:ytic(2) with points ps 0 notitle @own_clause @fixed_clause
    unset output
}
