# virqbench-analyze: CDF of total latency, one line per cell.
# Re-plot from this directory: gnuplot cdf_total.gp
# (or: gnuplot -e "outfile='other.png'" cdf_total.gp)
if (!exists("outfile")) outfile = 'cdf_total.png'
if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
	set terminal pngcairo size 1100,700 noenhanced
} else {
	set terminal png size 1100,700 noenhanced
}
set output outfile
set title 'virqbench: total latency CDF (inject to EOI) - host GIC v4, hyp vhe, vGIC v3/none'
set xlabel 'total latency, inject to EOI (ns, log scale)'
set ylabel 'cumulative fraction of interrupts'
set logscale x
set yrange [0:1]
set grid xtics mxtics ytics
set key bottom right
plot \
     'cdf_total.dat' index 0 using 1:2 with steps lw 2 title 'v4-vhe-lr-irqfd-busy', \
     'cdf_total.dat' index 1 using 1:2 with steps lw 2 title 'v4-vhe-lr-irqfd-wfi', \
     'cdf_total.dat' index 2 using 1:2 with steps lw 2 title 'v4-vhe-lr-line-busy', \
     'cdf_total.dat' index 3 using 1:2 with steps lw 2 title 'v4-vhe-lr-line-wfi', \
     'cdf_total.dat' index 4 using 1:2 with steps lw 2 title 'v4-vhe-lr-msi-busy', \
     'cdf_total.dat' index 5 using 1:2 with steps lw 2 title 'v4-vhe-lr-msi-wfi', \
     'cdf_total.dat' index 6 using 1:2 with steps lw 2 title 'v4-vhe-sgi-busy', \
     'cdf_total.dat' index 7 using 1:2 with steps lw 2 title 'v4-vhe-sgi-wfi', \
     'cdf_total.dat' index 8 using 1:2 with steps lw 2 title 'v4-vhe-soft-vi-busy', \
     'cdf_total.dat' index 9 using 1:2 with steps lw 2 title 'v4-vhe-soft-vi-wfi', \
     'cdf_total.dat' index 10 using 1:2 with steps lw 2 title 'v4-vhe-v4-direct-busy', \
     'cdf_total.dat' index 11 using 1:2 with steps lw 2 title 'v4-vhe-v4-direct-wfi', \
     'cdf_total.dat' index 12 using 1:2 with steps lw 2 title 'v4-vhe-vtimer-busy', \
     'cdf_total.dat' index 13 using 1:2 with steps lw 2 title 'v4-vhe-vtimer-wfi'
