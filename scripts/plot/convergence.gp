# convergence.gp - chart (5): has the answer settled? A journey's
# availability estimate and its 95% confidence interval (the shaded band)
# against the number of scenarios drawn, on a log scale; every run shares
# the seed, so each point extends the previous one. The exact value, when
# the structure gives one, is the dashed black line; the SLO the
# dash-dotted vermillion line.
#
# Set by the header: data, png_out, svg_out, chart_title, xmin, xmax
# (scenarios), ymin, ymax, ystep (in percent), ydec (decimals of the y tick
# labels), exact, exact_label, slo, slo_label (NaN and "" when unknown).
# Data columns: 1 scenarios, 2 estimate, 3 ci95_low, 4 ci95_high.

set label 1 chart_title at screen 0.5, screen 0.955 center noenhanced font title_font
set tmargin 4.5
set xlabel "scenarios drawn (log scale)"
set ylabel "availability"
set logscale x 10
set format x "%.0s%c"
set format y sprintf("%%.%df%%%%", ydec)
set xrange [xmin : xmax]
set yrange [ymin : ymax]
set xtics nomirror out scale 0.6
set mxtics 10
set ytics nomirror out scale 0.6 ystep
set grid xtics ytics
set key outside bottom center horizontal reverse Left samplen 2.5 spacing 1.2 width 2 font small_font

exact_clause = (exact == exact) ? ", 100 * exact with lines lw 2 lc rgb oi_black dt (10, 6) title ('exact ' . exact_label)" : ""
slo_clause = (slo == slo) ? ", 100 * slo with lines lw 2 lc rgb oi_vermillion dt (14, 5, 3, 5) title ('SLO ' . slo_label)" : ""

do for [fmt in "png svg"] {
    if (fmt eq "png") { eval png_term; set output png_out } else { eval svg_term; set output svg_out }
    plot data using 1:(100 * $3):(100 * $4) with filledcurves fc rgb oi_sky fs transparent solid 0.45 noborder title "95% confidence interval", \
         data using 1:(100 * $2) with linespoints pt 7 ps 0.9 lw 1.8 lc rgb oi_blue title "estimate" @exact_clause @slo_clause
    unset output
}
