# constraints.gp - chart (3): what holds a journey back. Two panels share
# the component axis (rank 1 at the top): on the left the failure share,
# P(component down | journey down), the share of the journey's failures
# in which the component is down; on the right the improvement potential,
# the availability the journey would gain if the component never failed.
# Third parties (fixed) are hatched in vermillion, the team's own
# components solid blue; simulated measures carry their confidence
# intervals as error bars.
#
# Set by the header: data, png_out, svg_out, chart_title, n_rows,
# fs_max, fs_step, imp_max, imp_step (in percent), has_ci, has_own,
# has_fixed, names_margin (screen fraction left of the first panel),
# ci_label.
#
# No apostrophe may appear inside the braces below: gnuplot 5.4 then
# stops expanding the @macros there.
# Data columns: 1 rank, 2 component, 3 fixed (0/1), 4 failure share,
# 5 its ci low, 6 its ci high, 7 improvement potential, 8 its ci low,
# 9 its ci high (fractions; NaN when exact), 10 label of the failure
# share, 11 label of the improvement potential.

row(r) = n_rows - r
half = 0.34
set yrange [-0.7 : n_rows - 0.3]
set ytics nomirror out scale 0 noenhanced
set grid xtics noytics
set xtics nomirror out scale 0.6
set style fill solid 0.9 border lc rgb "#FFFFFF"
set key off

# Optional parts of the plots, as macros: a clause over no data would
# only earn a warning.
own_fs = has_own ? ", data using ($3 > 0 ? NaN : 50 * $4):(row($1)):(50 * $4):(half) with boxxyerror fc rgb oi_blue notitle" : ""
fixed_fs = has_fixed ? ", data using ($3 > 0 ? 50 * $4 : NaN):(row($1)):(50 * $4):(half) with boxxyerror fc rgb oi_vermillion notitle, data using ($3 > 0 ? 50 * $4 : NaN):(row($1)):(50 * $4):(half) with boxxyerror fc rgb \"#FFFFFF\" fs transparent pattern 4 noborder notitle" : ""
ci_fs = has_ci ? ", data using (100 * $4):(row($1)):(100 * $5):(100 * $6) with xerrorbars pt 7 ps 0 lw 1.2 lc rgb oi_black notitle" : ""
own_imp = has_own ? ", data using ($3 > 0 ? NaN : 50 * $7):(row($1)):(50 * $7):(half) with boxxyerror fc rgb oi_blue notitle" : ""
fixed_imp = has_fixed ? ", data using ($3 > 0 ? 50 * $7 : NaN):(row($1)):(50 * $7):(half) with boxxyerror fc rgb oi_vermillion notitle, data using ($3 > 0 ? 50 * $7 : NaN):(row($1)):(50 * $7):(half) with boxxyerror fc rgb \"#FFFFFF\" fs transparent pattern 4 noborder notitle" : ""
ci_imp = has_ci ? ", data using (100 * $7):(row($1)):(100 * $8):(100 * $9) with xerrorbars pt 7 ps 0 lw 1.2 lc rgb oi_black notitle" : ""

do for [fmt in "png svg"] {
    if (fmt eq "png") { eval png_term; set output png_out } else { eval svg_term; set output svg_out }
    set multiplot title chart_title noenhanced font title_font
    set bmargin at screen 0.19
    set tmargin at screen 0.86

    # Left panel: failure share, with the component names.
    set lmargin at screen names_margin
    set rmargin at screen names_margin + 0.47 * (0.97 - names_margin)
    set xrange [0 : fs_max]
    set xtics 0, fs_step, 100
    set format x "%g%%"
    set xlabel "share of the journey failures (%)" font small_font
    plot data using (0):(row($1)):ytic(2) with points ps 0 notitle, data using (has_ci ? 100 * $6 : 100 * $4):(row($1)):10 with labels left offset 0.5, 0 noenhanced font small_font notitle @own_fs @fixed_fs @ci_fs

    # Right panel: improvement potential, no names.
    set lmargin at screen names_margin + 0.53 * (0.97 - names_margin)
    set rmargin at screen 0.97
    set xrange [0 : imp_max]
    set xtics 0, imp_step
    set format x "%g%%"
    set xlabel "improvement potential (points)" font small_font
    set format y ""
    # The legend, drawn by hand below both panels: a key inside one panel
    # would be squeezed into the width of that panel.
    set object 101 rect from screen 0.16, screen 0.03 to screen 0.19, screen 0.06 fc rgb oi_blue fs solid 0.9 noborder front
    set label 101 "the team’s own component" at screen 0.2, screen 0.045 left font small_font front
    set object 102 rect from screen 0.47, screen 0.03 to screen 0.5, screen 0.06 fc rgb oi_vermillion fs solid 0.9 noborder front
    set object 103 rect from screen 0.47, screen 0.03 to screen 0.5, screen 0.06 fc rgb "#FFFFFF" fs transparent pattern 4 noborder front
    set label 102 "third party (fixed)" at screen 0.51, screen 0.045 left font small_font front
    if (has_ci) {
        set arrow 101 from screen 0.71, screen 0.045 to screen 0.75, screen 0.045 heads size screen 0.008, 90 lw 1.2 lc rgb oi_black front
        set label 103 ci_label at screen 0.76, screen 0.045 left font small_font front
    }
    plot data using (has_ci ? 100 * $9 : 100 * $7):(row($1)):11 with labels left offset 0.5, 0 noenhanced font small_font notitle @own_imp @fixed_imp @ci_imp
    set format y
    unset object 101; unset object 102; unset object 103
    unset label 101; unset label 102; unset label 103; unset arrow 101
    unset multiplot
    set xtics autofreq
    unset output
}
