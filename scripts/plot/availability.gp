# availability.gp - chart (1): each journey's steady-state availability,
# its 95% confidence interval and exact value, against its SLO and the
# tier lines, on the nines scale (-log10 of unavailability), where 99.9%
# and 99.99% are one step apart instead of crowding together at the top.
#
# Set by the header: data, png_out, svg_out, chart_title, ymin, ymax,
# nines_cap, n_journeys, n_tiers, tier_name[], tier_avail[], n_ytics,
# ytic_val[], ytic_lab[], xtic_rotate, lmargin_rotated (characters left
# of the plot when the names are slanted), has_slo, has_exact.
# Data columns: 1 row (0, 1, ...), 2 journey, 3 slo, 4 estimate,
# 5 ci95_low, 6 ci95_high, 7 exact, 8 label of the estimate, 9 label of
# the slo (fractions; NaN where unknown).

set label 1 chart_title at screen 0.5, screen 0.955 center noenhanced font title_font
set tmargin 4.5
set ylabel "availability (nines scale)"
set xlabel ""
set xrange [-0.6 : n_journeys - 0.4]
set yrange [ymin : ymax]
set ytics nomirror out scale 0.6 (ytic_lab[1] ytic_val[1])
do for [i = 2 : n_ytics] { set ytics add (ytic_lab[i] ytic_val[i]) }
set xtics nomirror out scale 0 noenhanced
if (xtic_rotate) { set xtics rotate by 45 right offset 0.5, 0; set lmargin lmargin_rotated }
set grid noxtics ytics
set rmargin 17
set key outside bottom center horizontal reverse Left samplen 2.5 spacing 1.2 width 2 font small_font

# Tier lines across the plot, named in the right margin.
do for [i = 1 : n_tiers] {
    ty = nines(tier_avail[i])
    if (ty > ymin && ty < ymax) {
        set arrow from graph 0, first ty to graph 1, first ty nohead back lw 1.2 lc rgb "#606060" dt (8, 5)
        set label sprintf("%s tier (%s)", tier_name[i], nines_label(ty)) at graph 1, first ty left offset 0.8, 0 noenhanced font small_font textcolor rgb "#404040"
    }
}

# The estimate, in words: beside the point while there is room, else
# above its interval, upright when the journeys crowd.
if (n_journeys <= 4) {
    label_clause = "data using ($1 + 0.08):(nines($4)):8 with labels left offset 1.6, 0 noenhanced font small_font notitle"
} else {
    if (n_journeys <= 9) {
        label_clause = "data using 1:(nines($6)):8 with labels center offset 0, 0.9 noenhanced font small_font notitle"
    } else {
        label_clause = "data using 1:(nines($6)):8 with labels left rotate by 90 offset 0, 0.6 noenhanced font small_font notitle"
    }
}

# Optional parts, as macros: a clause over no data would only earn a
# warning.
slo_clause = has_slo ? ", data using ($1 - 0.3):(nines($3)):(0.6):(0) with vectors nohead lw 4 lc rgb oi_vermillion dt solid title \"SLO\", data using ($1 - 0.3):(nines($3)):9 with labels left offset 0, 0.8 noenhanced font small_font textcolor rgb oi_vermillion notitle" : ""
exact_clause = has_exact ? ", data using 1:(nines($7)) with points pt 12 ps 2.4 lw 1.6 lc rgb oi_black title \"exact\"" : ""

do for [fmt in "png svg"] {
    if (fmt eq "png") { eval png_term; set output png_out } else { eval svg_term; set output svg_out }
    plot data using 1:(nines($4)):(nines($5)):(nines($6)):xticlabels(2) with yerrorbars pt 7 ps 1.1 lw 1.6 lc rgb oi_blue title "estimate with 95% CI", \
         @label_clause, \
         keyentry with lines lw 1.2 lc rgb "#606060" dt (8, 5) title "tier" @slo_clause @exact_clause
    unset output
}
