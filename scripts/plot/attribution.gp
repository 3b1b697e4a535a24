# attribution.gp - chart (7): where a journey's bad requests come from.
# Per component (rank 1 at the top), two bars: the share of failed
# requests in which it failed, timed out or was down (blue), and the
# share of slow requests (served, over the latency threshold) with it on
# the critical path (orange, hatched).
#
# Set by the header: data, png_out, svg_out, chart_title, n_rows, x_max
# (percent), names_margin (screen fraction left of the plot).
# Data columns: 1 rank, 2 component, 3 failed share, 4 slow critical
# share (fractions; NaN when there were none).

row(r) = n_rows - r
set yrange [-0.7 : n_rows - 0.3]
set ytics nomirror out scale 0 noenhanced
set grid xtics noytics
set xtics nomirror out scale 0.6
set xrange [0 : x_max]
set format x "%g%%"
set xlabel "share of bad requests (%)" font small_font
set style fill solid 0.9 border lc rgb "#FFFFFF"
set key outside bottom center horizontal reverse Left samplen 2.5 spacing 1.2 width 2 font small_font
set lmargin at screen names_margin
set rmargin at screen 0.96
set label 1 chart_title at screen 0.5, screen 0.955 center noenhanced font title_font
set tmargin 4.5

do for [fmt in "png svg"] {
    if (fmt eq "png") { eval png_term; set output png_out } else { eval svg_term; set output svg_out }
    plot data using (0):(row($1)):ytic(2) with points ps 0 notitle, \
         data using (50 * $3):(row($1) + 0.18):(50 * $3):(0.16) with boxxyerror fc rgb oi_blue title "in failed requests: failed, timed out or down", \
         data using (50 * $4):(row($1) - 0.18):(50 * $4):(0.16) with boxxyerror fc rgb oi_orange fs pattern 4 title "on the critical path of slow requests"
    unset output
}
