# sweep.gp - what must the component promise: one journey's availability
# (left axis, nines scale; exact where possible, else the estimate with
# its 95% CI; an exact point has a bar of zero width) and the share of SLO windows it meets (right axis, dashed)
# against the swept component's availability (nines scale). The SLO is
# the horizontal dashed green line; the least availability with which
# the journey meets it, the vertical dotted line.
#
# Set by the header: data, png_out, svg_out, chart_title, xmin, xmax,
# ymin, ymax, nines_cap, has_slo, slo, slo_label, has_needed, needed,
# needed_label, has_windows, node_name, n_xtics, xtic_val[], xtic_lab[],
# n_ytics, ytic_val[], ytic_lab[].
# Data columns: 1 component availability, 2 journey availability (exact,
# else estimate), 3 ci95_low, 4 ci95_high, 5 share of windows meeting the
# SLO (NaN: none).

set label 1 chart_title at screen 0.5, screen 0.955 center noenhanced font title_font
set tmargin 5
set xlabel sprintf("availability of %s (nines scale)", node_name) noenhanced
set ylabel "journey availability (nines scale)"
set xrange [xmin : xmax]
set yrange [ymin : ymax]
set xtics nomirror out scale 0.6 (xtic_lab[1] xtic_val[1])
do for [i = 2 : n_xtics] { set xtics add (xtic_lab[i] xtic_val[i]) }
set ytics nomirror out scale 0.6 (ytic_lab[1] ytic_val[1])
do for [i = 2 : n_ytics] { set ytics add (ytic_lab[i] ytic_val[i]) }
if (has_windows) {
    set y2label "windows meeting the SLO"
    set y2range [0 : 105]
    set y2tics 0, 20, 100 out scale 0.6 format "%g%%"
    set rmargin 9
} else { set rmargin 4 }
set grid xtics ytics
set key at screen 0.5, screen 0.045 center center horizontal maxrows 1 reverse Left samplen 2 width 1 font small_font
set bmargin 6

if (has_slo) {
    set arrow 2 from graph 0, first nines(slo) to graph 1, first nines(slo) nohead back lw 1.6 lc rgb oi_green dt (7, 4)
    set label 2 sprintf("SLO %s", slo_label) at graph 0.01, first nines(slo) left offset 0, 0.6 front font small_font noenhanced textcolor rgb oi_green
}
if (has_needed) {
    set arrow 3 from first nines(needed), graph 0 to first nines(needed), graph 1 nohead back lw 1.4 lc rgb oi_vermillion dt (2, 3)
    set label 3 sprintf("needs %s", needed_label) at first nines(needed), graph 1 center offset 0, 0.7 front font small_font noenhanced textcolor rgb oi_vermillion
}

win_clause = has_windows ? ", data using (nines($1)):(100 * $5) axes x1y2 with linespoints pt 4 ps 1.1 lw 1.4 dt (6, 3) lc rgb oi_orange title \"windows meeting the SLO (right)\"" : ""
do for [fmt in "png svg"] {
    if (fmt eq "png") { eval png_term; set output png_out } else { eval svg_term; set output svg_out }
    plot data using (nines($1)):(nines($2)):(nines($3)):(nines($4)) with yerrorlines pt 7 ps 1.1 lw 1.6 lc rgb oi_blue title "journey availability" @win_clause, \
         (has_slo ? NaN : 1/0) with lines lw 1.6 dt (7, 4) lc rgb oi_green title "SLO"
    unset output
}
