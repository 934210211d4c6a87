# virqbench-report: GIC v4: total latency CDF per path (solid busy, dashed wfi)
# Re-plot from this directory: gnuplot report_cdf_gic-v4.gp (writes report_cdf_gic-v4.png and report_cdf_gic-v4.svg)
if (!exists("outbase")) outbase = 'report_cdf_gic-v4'
reset
if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
	set terminal pngcairo size 760,480 noenhanced font 'sans,10'
} else {
	set terminal png size 760,480 noenhanced
}
set output outbase.'.png'
set border lc rgb '#555555'
set grid xtics mxtics ytics mytics lc rgb '#d4d4d4' lw 1 dt 1, lc rgb '#ececec' lw 1 dt 1
set title 'GIC v4: total latency CDF per path (solid busy, dashed wfi)'
set xlabel 'total latency, inject to EOI (log scale)'
set ylabel 'fraction of interrupts at or below'
set yrange [0:1]
set ytics 0.1
set mytics 2
set key outside right top vertical Left reverse samplen 3 spacing 1.1
set logscale x
set xrange [100:100000]
set xtics ('100 µs' 100, '1 ms' 1000, '10 ms' 10000, '100 ms' 100000)
set xtics add ('' 200 1, '' 300 1, '' 400 1, '' 500 1, '' 600 1, '' 700 1, '' 800 1, '' 900 1)
set xtics add ('' 2000 1, '' 3000 1, '' 4000 1, '' 5000 1, '' 6000 1, '' 7000 1, '' 8000 1, '' 9000 1)
set xtics add ('' 20000 1, '' 30000 1, '' 40000 1, '' 50000 1, '' 60000 1, '' 70000 1, '' 80000 1, '' 90000 1)
plot \
     'report_cdf_gic-v4.dat' index 0 using 1:2 with steps lw 2 lc rgb '#2ca02c' dt 1 title 'lr-irqfd busy', \
     'report_cdf_gic-v4.dat' index 1 using 1:2 with steps lw 2 lc rgb '#2ca02c' dt 2 title 'lr-irqfd wfi', \
     'report_cdf_gic-v4.dat' index 2 using 1:2 with steps lw 2 lc rgb '#d62728' dt 1 title 'lr-line busy', \
     'report_cdf_gic-v4.dat' index 3 using 1:2 with steps lw 2 lc rgb '#d62728' dt 2 title 'lr-line wfi', \
     'report_cdf_gic-v4.dat' index 4 using 1:2 with steps lw 2 lc rgb '#9467bd' dt 1 title 'lr-msi busy', \
     'report_cdf_gic-v4.dat' index 5 using 1:2 with steps lw 2 lc rgb '#9467bd' dt 2 title 'lr-msi wfi', \
     'report_cdf_gic-v4.dat' index 6 using 1:2 with steps lw 2 lc rgb '#8c564b' dt 1 title 'sgi busy', \
     'report_cdf_gic-v4.dat' index 7 using 1:2 with steps lw 2 lc rgb '#8c564b' dt 2 title 'sgi wfi', \
     'report_cdf_gic-v4.dat' index 8 using 1:2 with steps lw 2 lc rgb '#1f77b4' dt 1 title 'soft-vi busy', \
     'report_cdf_gic-v4.dat' index 9 using 1:2 with steps lw 2 lc rgb '#1f77b4' dt 2 title 'soft-vi wfi', \
     'report_cdf_gic-v4.dat' index 10 using 1:2 with steps lw 2 lc rgb '#ff7f0e' dt 1 title 'v4-direct busy', \
     'report_cdf_gic-v4.dat' index 11 using 1:2 with steps lw 2 lc rgb '#ff7f0e' dt 2 title 'v4-direct wfi', \
     'report_cdf_gic-v4.dat' index 12 using 1:2 with steps lw 2 lc rgb '#17becf' dt 1 title 'vtimer busy', \
     'report_cdf_gic-v4.dat' index 13 using 1:2 with steps lw 2 lc rgb '#17becf' dt 2 title 'vtimer wfi'
set terminal svg size 760,480 dynamic noenhanced font 'sans,11' background rgb 'white'
set output outbase.'.svg'
replot
unset output
