# uncertainty.gp - how sure are we: the distribution of one journey's
# availability over the draws of `--uncertainty N` (the parameters of the
# components with evidence or a range drawn from their distributions), as
# a histogram on the nines scale. The SLO is the dashed green line, the
# value ordinary runs report (central parameters) the solid black line;
# the share of the area right of the SLO is the probability that the
# journey meets it.
#
# Set by the header: data, png_out, svg_out, chart_title, xmin, xmax,
# nines_cap, bin_width (nines), point, has_slo, slo, slo_label, n_xtics,
# xtic_val[], xtic_lab[].
# Data columns: 1 bin centre (nines), 2 share of draws per nine, 3 share
# of draws in the bin.

set label 1 chart_title at screen 0.5, screen 0.955 center noenhanced font title_font
set tmargin 5
set xlabel "journey availability (nines scale)"
set ylabel "share of draws per nine"
set xrange [xmin : xmax]
set yrange [0 : *]
set xtics nomirror out scale 0.6 (xtic_lab[1] xtic_val[1])
do for [i = 2 : n_xtics] { set xtics add (xtic_lab[i] xtic_val[i]) }
set grid xtics ytics
set key at screen 0.5, screen 0.045 center center horizontal maxrows 1 reverse Left samplen 1.5 width 1 font small_font
set bmargin 6
set boxwidth bin_width absolute
set style fill solid 0.6 border lc rgb oi_blue

set arrow 1 from first nines(point), graph 0 to first nines(point), graph 1 nohead front lw 1.6 lc rgb oi_black
if (has_slo) {
    set arrow 2 from first nines(slo), graph 0 to first nines(slo), graph 1 nohead front lw 1.6 lc rgb oi_green dt (7, 4)
    set label 2 sprintf("SLO %s", slo_label) at first nines(slo), graph 1 center offset 0, 0.7 front font small_font noenhanced textcolor rgb oi_green
}

do for [fmt in "png svg"] {
    if (fmt eq "png") { eval png_term; set output png_out } else { eval svg_term; set output svg_out }
    plot data using 1:2 with boxes lc rgb oi_blue title "draws", \
         NaN with lines lw 1.6 lc rgb oi_black title "central value (ordinary run)", \
         (has_slo ? NaN : 1/0) with lines lw 1.6 dt (7, 4) lc rgb oi_green title "SLO"
    unset output
}
