# tornado.gp - the tornado chart of one journey: which component's
# assumption moves the journey's availability most. One row per component
# (widest swing at the top), on the nines scale: a bar from the journey's
# availability with the component at the low end of its range (solid
# vermillion, left of today's value) to the journey with the component at
# the high end (hatched blue, right of it). The low and high values of the
# component are written at the bar ends; today's journey availability is
# the solid black line, the SLO the dashed green line.
#
# Set by the header: data, png_out, svg_out, chart_title, n_rows, xmin,
# xmax, nines_cap, base, has_slo, slo, slo_label, n_xtics, xtic_val[],
# xtic_lab[].
# Data columns: 1 row (0 at the top), 2 component, 3 journey at the low
# end, 4 journey at the high end, 5 low end label, 6 high end label.

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

set arrow 1 from first nines(base), graph 0 to first nines(base), graph 1 nohead front lw 1.6 lc rgb oi_black
set label 3 sprintf("today %s", nines_label(nines(base))) at first nines(base), graph 0 center offset 0, -0.0 front font small_font noenhanced textcolor rgb oi_black
unset label 3
if (has_slo) {
    set arrow 2 from first nines(slo), graph 0 to first nines(slo), graph 1 nohead front lw 1.6 lc rgb oi_green dt (7, 4)
    set label 2 sprintf("SLO %s", slo_label) at first nines(slo), graph 1 center offset 0, 0.7 front font small_font noenhanced textcolor rgb oi_green
}

h = 0.32
do for [fmt in "png svg"] {
    if (fmt eq "png") { eval png_term; set output png_out } else { eval svg_term; set output svg_out }
    plot data using ((nines($3) + nines(base)) / 2):1:(nines($3)):(nines(base)):($1 - h):($1 + h):ytic(2) with boxxyerror fs solid 0.85 noborder fc rgb oi_vermillion title "component at the low end", \
         data using ((nines(base) + nines($4)) / 2):1:(nines(base)):(nines($4)):($1 - h):($1 + h) with boxxyerror fs pattern 4 border lc rgb oi_blue fc rgb oi_blue title "component at the high end", \
         data using (nines($3)):1:5 with labels right offset -0.5, 0 noenhanced font small_font notitle, \
         data using (nines($4)):1:6 with labels left offset 0.5, 0 noenhanced font small_font notitle, \
         NaN with lines lw 1.6 lc rgb oi_black title "journey today", \
         (has_slo ? NaN : 1/0) with lines lw 1.6 dt (7, 4) lc rgb oi_green title "SLO"
    unset output
}
