# compare.gp - the options considered, side by side: one row per model
# (A, B, ... top to bottom), its availability for one journey on the nines
# scale - the exact value as a filled diamond, else the estimate as a
# circle with its 95% confidence interval - against the journey's SLO
# (dashed green line). The value is written right of each marker.
#
# Set by the header: data, png_out, svg_out, chart_title, n_rows, xmin,
# xmax, nines_cap, has_slo, slo, slo_label, n_xtics, xtic_val[],
# xtic_lab[].
# Data columns: 1 row (0 at the top), 2 model label, 3 exact (NaN: none),
# 4 estimate, 5 ci95_low, 6 ci95_high, 7 value label.

set label 1 chart_title at screen 0.5, screen 0.955 center noenhanced font title_font
set tmargin 5
set xlabel "journey availability (nines scale)"
set xrange [xmin : xmax]
set yrange [n_rows - 0.4 : -0.7]
set xtics nomirror out scale 0.6 (xtic_lab[1] xtic_val[1])
do for [i = 2 : n_xtics] { set xtics add (xtic_lab[i] xtic_val[i]) }
set ytics nomirror out scale 0 noenhanced
set grid xtics noytics
set key at screen 0.5, screen 0.045 center center horizontal maxrows 1 reverse Left samplen 1.5 width 1 font small_font
set bmargin 6
set rmargin 4

if (has_slo) {
    set arrow 2 from first nines(slo), graph 0 to first nines(slo), graph 1 nohead back lw 1.6 lc rgb oi_green dt (7, 4)
    set label 2 sprintf("SLO %s", slo_label) at first nines(slo), graph 1 center offset 0, 0.7 front font small_font noenhanced textcolor rgb oi_green
}

do for [fmt in "png svg"] {
    if (fmt eq "png") { eval png_term; set output png_out } else { eval svg_term; set output svg_out }
    plot data using (nines($4)):1:(nines($5)):(nines($6)):ytic(2) with xerrorbars pt 6 ps 1.5 lw 1.4 lc rgb oi_blue title "estimate, 95% CI", \
         data using (nines($3)):1 with points pt 13 ps 2 lc rgb oi_black title "exact", \
         data using ((nines($6) > nines($3) || $3 != $3) ? nines($6) : nines($3)):1:7 with labels left offset 1.2, 0 noenhanced font small_font notitle, \
         (has_slo ? NaN : 1/0) with lines lw 1.6 dt (7, 4) lc rgb oi_green title "SLO"
    unset output
}
