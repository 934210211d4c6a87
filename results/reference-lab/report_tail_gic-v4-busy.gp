# virqbench-report: GIC v4, busy: total latency by percentile, one line per path
# Re-plot from this directory: gnuplot report_tail_gic-v4-busy.gp (writes report_tail_gic-v4-busy.png and report_tail_gic-v4-busy.svg)
if (!exists("outbase")) outbase = 'report_tail_gic-v4-busy'
reset
if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
	set terminal pngcairo size 760,480 noenhanced font 'sans,10'
} else {
	set terminal png size 760,480 noenhanced
}
set output outbase.'.png'
set border lc rgb '#555555'
set grid xtics mxtics ytics mytics lc rgb '#d4d4d4' lw 1 dt 1, lc rgb '#ececec' lw 1 dt 1
set title 'GIC v4, busy: total latency by percentile, one line per path'
set xlabel 'percentile (log scale of 1/(1-p): a decade per nine)'
set ylabel 'total latency, inject to EOI (log scale)'
set key outside right top vertical Left reverse samplen 4 spacing 1.2
set logscale x
set xrange [1:1000]
set xtics ('0%%' 1, '50%%' 2, '90%%' 10, '99%%' 100, '99.9%%' 1000)
set mxtics 10
set logscale y
set yrange [100:100000]
set ytics ('100 µs' 100, '1 ms' 1000, '10 ms' 10000, '100 ms' 100000)
set ytics add ('' 200 1, '' 300 1, '' 400 1, '' 500 1, '' 600 1, '' 700 1, '' 800 1, '' 900 1)
set ytics add ('' 2000 1, '' 3000 1, '' 4000 1, '' 5000 1, '' 6000 1, '' 7000 1, '' 8000 1, '' 9000 1)
set ytics add ('' 20000 1, '' 30000 1, '' 40000 1, '' 50000 1, '' 60000 1, '' 70000 1, '' 80000 1, '' 90000 1)
plot \
     'report_tail_gic-v4-busy.dat' index 0 using 1:2 with steps lw 2 lc rgb '#2ca02c' dt 1 title 'lr-irqfd', \
     'report_tail_gic-v4-busy.dat' index 1 using 1:2 with steps lw 2 lc rgb '#d62728' dt 1 title 'lr-line', \
     'report_tail_gic-v4-busy.dat' index 2 using 1:2 with steps lw 2 lc rgb '#9467bd' dt 1 title 'lr-msi', \
     'report_tail_gic-v4-busy.dat' index 3 using 1:2 with steps lw 2 lc rgb '#8c564b' dt 1 title 'sgi', \
     'report_tail_gic-v4-busy.dat' index 4 using 1:2 with steps lw 2 lc rgb '#1f77b4' dt 1 title 'soft-vi', \
     'report_tail_gic-v4-busy.dat' index 5 using 1:2 with steps lw 2 lc rgb '#ff7f0e' dt 1 title 'v4-direct', \
     'report_tail_gic-v4-busy.dat' index 6 using 1:2 with steps lw 2 lc rgb '#17becf' dt 1 title 'vtimer'
set terminal svg size 760,480 dynamic noenhanced font 'sans,11' background rgb 'white'
set output outbase.'.svg'
replot
unset output
