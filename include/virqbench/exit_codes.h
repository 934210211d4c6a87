/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exit statuses of virqbench, virqbench-analyze, virqbench-matrix,
 * virqbench-report, virqbench-compare and lab/run.sh: the one place they
 * are named. lab/exit_codes.sh reads the
 * #defines below into shell variables of the same names, so keep each one
 * on one line, `#define EXIT_NAME number`. README.md's "Exit status" table
 * says the same for users; change both together.
 *
 * A caller tells three things apart by the status alone: what was asked is
 * wrong (usage), what was asked ran and failed (measure, no trace, no
 * plots), and the lab could not run it at all (lab) - a lab that does not
 * boot must never read as a measurement that failed.
 */
#ifndef VQB_EXIT_CODES_H
#define VQB_EXIT_CODES_H

#define EXIT_OK 0
/* virqbench: a cell failed, or nothing could be measured; virqbench-analyze:
 * bad input or cannot write; virqbench-matrix: either of those in a boot. */
#define EXIT_MEASURE 1
#define EXIT_USAGE 2
/* virqbench: every cell measured, but without a trace (no exit counts). */
#define EXIT_NO_TRACE 3
/* virqbench-analyze, -report, -compare: everything written except the plots (gnuplot). */
#define EXIT_NO_PLOTS 3
/* virqbench-compare --fail-above: everything written, and a stage of B is
 * slower than A's beyond the threshold and the noise between rounds. */
#define EXIT_REGRESSION 4
/* The lab could not run virqbench: it did not boot, its kernel has no KVM,
 * its initramfs or kernel could not be made, or its output was lost. The
 * console log says which; nothing was measured. */
#define EXIT_LAB 90
/* The lab ran virqbench but it did not finish: the boot's time limit ran
 * out, or the lab's output disk refused a save. The cells saved so far are
 * brought out. */
#define EXIT_LAB_UNFINISHED 91
/* virqbench-matrix could not start a program it runs (the shell's 127). */
#define EXIT_EXEC 127
/* Ctrl-C or SIGTERM: whatever was finished is kept (128 + SIGINT). */
#define EXIT_INTERRUPTED 130

#endif /* VQB_EXIT_CODES_H */
