# latency.gp - chart (6): how long served requests take. The cumulative
# share of a journey's served requests (y) that took at most a latency
# (x, ms, log scale), read from the run's log-bucket histogram (each step
# is one bucket, 1.09% wide); the percentiles p50, p90, p99 and p99.9 are
# marked with their 95% intervals; the latency threshold of the journey's
# latency SLO, when it has one, is the dash-dotted vermillion line.
#
# Set by the header: data, png_out, svg_out, chart_title, xmin, xmax (ms),
# threshold (ms, NaN without one), threshold_label.
# Data: block 0 (index 0): 1 latency ms (a bucket's upper edge),
# 2 cumulative share; block 1 (index 1): 1 label (p50 ... p99.9, fixed
# text), 2 estimate ms, 3 level, 4 ci low ms, 5 ci high ms.

set label 1 chart_title at screen 0.5, screen 0.955 center noenhanced font title_font
set tmargin 4.5
set xlabel "latency of a served request, ms (log scale)"
set ylabel "share of served requests at most this long"
set logscale x 10
set xrange [xmin : xmax]
set yrange [0 : 102]
set format y "%g%%"
set ytics 0, 25, 100
set ytics add (90)
set mxtics 10
set grid xtics ytics
set key outside bottom center horizontal reverse Left samplen 2.5 spacing 1.2 width 2 font small_font
if (threshold == threshold) {
    set arrow 2 from threshold, graph 0 to threshold, graph 1 nohead lw 2 lc rgb oi_vermillion dt (14, 5, 3, 5) front
    set label 2 threshold_label at threshold, graph 0.06 left offset 0.5, 0 noenhanced font small_font textcolor rgb oi_vermillion front
}

do for [fmt in "png svg"] {
    if (fmt eq "png") { eval png_term; set output png_out } else { eval svg_term; set output svg_out }
    plot data index 0 using 1:(100 * $2) with steps lw 2 lc rgb oi_blue title "cumulative share", \
         data index 1 using 2:(100 * $3):4:5 with xerrorbars pt 7 ps 1.1 lw 1.2 lc rgb oi_black title "percentile, 95% CI", \
         data index 1 using 2:(100 * $3):1 with labels right offset -0.8, 0.6 noenhanced font small_font notitle
    unset output
}
