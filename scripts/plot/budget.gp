# budget.gp - chart (2): how much of its error budget a journey consumes
# per SLO window, as a histogram over the simulated windows, on the five
# budget-state bands: full < 25%, caution 25-50%, warning 50-75%,
# critical 75-100%, exhausted >= 100% (the SLO is missed in that window).
# Each band has its own colour and hatching and is named in the legend
# with the share of windows that ended in it.
#
# Set by the header: data, png_out, svg_out, chart_title, xmax, ymax,
# state_share[5] (fractions of windows), bin_width, has_overflow.
# Data columns: 1 bin start (% of budget), 2 bin end, 3 windows in the
# bin (% of all windows), 4 label (the overflow bin's "≥ x%", else "-").

set label 1 chart_title at screen 0.5, screen 0.955 center noenhanced font title_font
set tmargin 4.5
set xlabel "error budget consumed in the window (% of the budget)"
set ylabel "windows (%)"
set xrange [0 : xmax]
set yrange [0 : ymax]
set xtics nomirror out scale 0.6
set ytics nomirror out scale 0.6
set format x "%g%%"
set format y "%g%%"
set grid noxtics ytics
set key outside right top vertical reverse Left samplen 2 spacing 1.25 width 1 font small_font
set key title "windows per budget state" left
plot_px = width - 290.0

array state_name[5] = ["full", "caution", "warning", "critical", "exhausted"]
array state_range[5] = ["< 25%", "25–50%", "50–75%", "75–100%", "≥ 100%"]
array band_lo[5] = [0, 25, 50, 75, 100]
array band_color[5] = [oi_green, oi_yellow, oi_orange, oi_vermillion, oi_purple]
array band_pattern[5] = [0, 4, 5, 6, 7]

# The bands behind the bars: a light wash of the colour plus a hatch.
do for [i = 1 : 5] {
    hi = (i < 5) ? band_lo[i + 1] : xmax
    if (band_lo[i] < xmax) {
        set object rect from first band_lo[i], graph 0 to first (hi < xmax ? hi : xmax), graph 1 back fc rgb band_color[i] fs transparent solid 0.22 noborder
        set object rect from first band_lo[i], graph 0 to first (hi < xmax ? hi : xmax), graph 1 back fc rgb band_color[i] fs transparent pattern band_pattern[i] noborder
        # Name the band at its top: across it where the name fits,
        # else upright, on an opaque box so bars behind stay apart.
        bw_px = 1.0 * ((hi < xmax ? hi : xmax) - band_lo[i]) / xmax * plot_px
        bx = (band_lo[i] + (hi < xmax ? hi : xmax)) / 2.0
        if (bw_px > 8 * strlen(state_name[i]) + 10) {
            set label state_name[i] at first bx, graph 0.97 center font small_font textcolor rgb "#202020" front boxed
        } else {
            if (bw_px > 18) {
                set label state_name[i] at first bx, graph 0.98 right rotate by 90 font small_font textcolor rgb "#202020" front boxed
            }
        }
    }
}
set style textbox opaque noborder margins 1.5, 1.5
set arrow from first 100, graph 0 to first 100, graph 1 nohead front lw 2 lc rgb oi_black dt solid

# The overflow bin, if any, is named above its bar ("≥ 300%").
overflow_clause = has_overflow ? ", data using 2:(strcol(4) eq \"-\" ? NaN : $3):4 with labels right offset 0, 0.8 noenhanced font small_font notitle" : ""

do for [fmt in "png svg"] {
    if (fmt eq "png") { eval png_term; set output png_out } else { eval svg_term; set output svg_out }
    plot for [i = 1 : 5] keyentry with boxes fc rgb band_color[i] fs transparent pattern band_pattern[i] border lc rgb band_color[i] \
             title sprintf("%s (%s): %.1f%%", state_name[i], state_range[i], 100 * state_share[i]), \
         data using (($1 + $2) / 2):3:($2 - $1) with boxes fs solid 0.9 border lc rgb "#FFFFFF" fc rgb oi_blue title "histogram of windows", \
         keyentry with lines lw 2 lc rgb oi_black title "100%: the SLO is missed" @overflow_clause
    unset output
}
