# virqbench-report: v4-vhe-v4-direct-wfi: latency histogram, 100 interrupts, 10 log bins per decade
# Re-plot from this directory: gnuplot report_hist_v4-vhe-v4-direct-wfi.gp (writes report_hist_v4-vhe-v4-direct-wfi.png and report_hist_v4-vhe-v4-direct-wfi.svg)
if (!exists("outbase")) outbase = 'report_hist_v4-vhe-v4-direct-wfi'
reset
if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
	set terminal pngcairo size 620,360 noenhanced font 'sans,10'
} else {
	set terminal png size 620,360 noenhanced
}
set output outbase.'.png'
set border lc rgb '#555555'
set grid xtics mxtics ytics mytics lc rgb '#d4d4d4' lw 1 dt 1, lc rgb '#ececec' lw 1 dt 1
set title 'v4-vhe-v4-direct-wfi: latency histogram, 100 interrupts, 10 log bins per decade'
set ylabel 'interrupts per bin (log scale)'
set logscale y
set format y '%.0f'
set yrange [0.7:*]
set key below horizontal samplen 2
set logscale x
set xrange [0.1:100000]
set xtics ('100 ns' 0.1, '1 µs' 1, '10 µs' 10, '100 µs' 100, '1 ms' 1000, '10 ms' 10000, '100 ms' 100000)
set xtics add ('' 0.2 1, '' 0.3 1, '' 0.4 1, '' 0.5 1, '' 0.6 1, '' 0.7 1, '' 0.8 1, '' 0.9 1)
set xtics add ('' 2 1, '' 3 1, '' 4 1, '' 5 1, '' 6 1, '' 7 1, '' 8 1, '' 9 1)
set xtics add ('' 20 1, '' 30 1, '' 40 1, '' 50 1, '' 60 1, '' 70 1, '' 80 1, '' 90 1)
set xtics add ('' 200 1, '' 300 1, '' 400 1, '' 500 1, '' 600 1, '' 700 1, '' 800 1, '' 900 1)
set xtics add ('' 2000 1, '' 3000 1, '' 4000 1, '' 5000 1, '' 6000 1, '' 7000 1, '' 8000 1, '' 9000 1)
set xtics add ('' 20000 1, '' 30000 1, '' 40000 1, '' 50000 1, '' 60000 1, '' 70000 1, '' 80000 1, '' 90000 1)
plot \
     'report_hist_v4-vhe-v4-direct-wfi.dat' using 1:($2 > 0 ? $2 : 0.7) with steps lw 1.5 lc rgb '#a9a9a9' title 'inject_to_vector', \
     'report_hist_v4-vhe-v4-direct-wfi.dat' using 1:($3 > 0 ? $3 : 0.7) with steps lw 1.5 lc rgb '#911eb4' title 'vector_to_ack', \
     'report_hist_v4-vhe-v4-direct-wfi.dat' using 1:($4 > 0 ? $4 : 0.7) with steps lw 1.5 lc rgb '#9a6324' title 'ack_to_eoi', \
     'report_hist_v4-vhe-v4-direct-wfi.dat' using 1:($5 > 0 ? $5 : 0.7) with steps lw 2.5 lc rgb '#000000' title 'total', \
     'report_hist_v4-vhe-v4-direct-wfi.dat' using 1:($6 > 0 ? $6 : 0.7) with steps lw 1.5 lc rgb '#469990' title 'inject_to_wakeup', \
     'report_hist_v4-vhe-v4-direct-wfi.dat' using 1:($7 > 0 ? $7 : 0.7) with steps lw 1.5 lc rgb '#800000' title 'wakeup_to_entry', \
     'report_hist_v4-vhe-v4-direct-wfi.dat' using 1:($8 > 0 ? $8 : 0.7) with steps lw 1.5 lc rgb '#3cb44b' title 'entry_to_vector'
set terminal svg size 620,360 dynamic noenhanced font 'sans,11' background rgb 'white'
set output outbase.'.svg'
replot
unset output
