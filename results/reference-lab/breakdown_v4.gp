# virqbench-analyze: stage breakdown per path on host GIC v4.
# Re-plot from this directory: gnuplot breakdown_v4.gp (PNG), or
# gnuplot -e "outfile='breakdown_v4.svg'; fmt='svg'" breakdown_v4.gp
if (!exists("outfile")) outfile = 'breakdown_v4.png'
if (!exists("fmt")) fmt = 'png'
if (fmt eq 'svg') {
	set terminal svg size 1100,650 noenhanced
} else {
	if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
		set terminal pngcairo size 1100,650 noenhanced
	} else {
		set terminal png size 1100,650 noenhanced
	}
}
set output outfile
set title 'virqbench: where the time goes, median stage times per path - host GIC v4'
set ylabel 'µs (medians of cumulative times: a bar adds up to the median total)'
set xlabel 'path, grouped by the target vCPU''s state (busy: spinning, wfi: idle in WFI)' offset 0,-2.2
set bmargin 7
set style data histograms
set style histogram rowstacked title font ',13' offset 0,0.3
set style fill solid 0.9 border rgb '#404040'
set boxwidth 0.7
set xtics rotate by -30 nomirror
set grid ytics
set yrange [0:*]
set format y '%g'
set key outside right top vertical invert
plot newhistogram 'busy', \
     'breakdown_v4.dat' index 0 using ($2/1000.0):xtic(1) lc rgb '#1f77b4' title 'inject_to_queued', \
     'breakdown_v4.dat' index 0 using ($3/1000.0) lc rgb '#17becf' title 'inject_to_trap', \
     'breakdown_v4.dat' index 0 using ($4/1000.0) lc rgb '#aec7e8' title 'inject_to_exit', \
     'breakdown_v4.dat' index 0 using ($5/1000.0) lc rgb '#9edae5' title 'inject_to_wakeup', \
     'breakdown_v4.dat' index 0 using ($6/1000.0) lc rgb '#7f7f7f' title 'inject_to_vector', \
     'breakdown_v4.dat' index 0 using ($7/1000.0) lc rgb '#ff7f0e' title 'queued_to_exit', \
     'breakdown_v4.dat' index 0 using ($8/1000.0) lc rgb '#ffbb78' title 'queued_to_wakeup', \
     'breakdown_v4.dat' index 0 using ($9/1000.0) lc rgb '#e377c2' title 'trap_to_exit', \
     'breakdown_v4.dat' index 0 using ($10/1000.0) lc rgb '#f7b6d2' title 'trap_to_wakeup', \
     'breakdown_v4.dat' index 0 using ($11/1000.0) lc rgb '#d62728' title 'exit_to_entry', \
     'breakdown_v4.dat' index 0 using ($12/1000.0) lc rgb '#ff9896' title 'wakeup_to_entry', \
     'breakdown_v4.dat' index 0 using ($13/1000.0) lc rgb '#2ca02c' title 'entry_to_vector', \
     'breakdown_v4.dat' index 0 using ($14/1000.0) lc rgb '#9467bd' title 'vector_to_ack', \
     'breakdown_v4.dat' index 0 using ($15/1000.0) lc rgb '#8c564b' title 'ack_to_eoi', \
     newhistogram 'wfi', \
     'breakdown_v4.dat' index 1 using ($2/1000.0):xtic(1) lc rgb '#1f77b4' notitle, \
     'breakdown_v4.dat' index 1 using ($3/1000.0) lc rgb '#17becf' notitle, \
     'breakdown_v4.dat' index 1 using ($4/1000.0) lc rgb '#aec7e8' notitle, \
     'breakdown_v4.dat' index 1 using ($5/1000.0) lc rgb '#9edae5' notitle, \
     'breakdown_v4.dat' index 1 using ($6/1000.0) lc rgb '#7f7f7f' notitle, \
     'breakdown_v4.dat' index 1 using ($7/1000.0) lc rgb '#ff7f0e' notitle, \
     'breakdown_v4.dat' index 1 using ($8/1000.0) lc rgb '#ffbb78' notitle, \
     'breakdown_v4.dat' index 1 using ($9/1000.0) lc rgb '#e377c2' notitle, \
     'breakdown_v4.dat' index 1 using ($10/1000.0) lc rgb '#f7b6d2' notitle, \
     'breakdown_v4.dat' index 1 using ($11/1000.0) lc rgb '#d62728' notitle, \
     'breakdown_v4.dat' index 1 using ($12/1000.0) lc rgb '#ff9896' notitle, \
     'breakdown_v4.dat' index 1 using ($13/1000.0) lc rgb '#2ca02c' notitle, \
     'breakdown_v4.dat' index 1 using ($14/1000.0) lc rgb '#9467bd' notitle, \
     'breakdown_v4.dat' index 1 using ($15/1000.0) lc rgb '#8c564b' notitle
