/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Follows the running boots' logs (the lab console, or virqbench's stderr
 * natively) for bench/'s "cell NAME: ..." lines, and keeps a one-line
 * progress display: cell i of N, its name, the boots running (-j), the
 * ETA. Quiet when stderr is not a terminal.
 */
#ifndef MATRIX_PROGRESS_H
#define MATRIX_PROGRESS_H

#include <stdio.h>

#define PROGRESS_MAX_CELLS 512
#define PROGRESS_MAX_FOLLOW 64	/* boots followed at once (-j) */

struct cell_time {
	char name[96];
	double start, end;	/* seconds since the matrix started; end 0: not finished */
	char status[16];
	int boot;		/* the plan's index of the boot it ran in */
};

/* One running boot's log. */
struct follow {
	int used;
	FILE *log;		/* NULL until the log exists */
	char path[512];
	char suffix[40];	/* the boot's cell-name suffix (-k6.12), as merge names them */
	int boot;
	char partial[512];
	size_t plen;
};

struct progress {
	int total;		/* cells in the whole matrix */
	int done;
	int show;		/* draw the progress line */
	double t0;
	struct cell_time cells[PROGRESS_MAX_CELLS];
	int ncells;
	struct follow fl[PROGRESS_MAX_FOLLOW];
	int running;		/* boots followed now */
	/* the line being parsed: its boot's suffix and index */
	char suffix[40];
	int boot;
};

void progress_init(struct progress *p, int total, int show);
/* Starts following boot's log (it may not exist yet); a slot, or -1 when all are taken. */
int progress_follow(struct progress *p, const char *log_path, const char *suffix, int boot);
/* Reads what every followed log gained since the last call; redraws the line. */
void progress_poll(struct progress *p);
/* The boot of slot has ended: reads the rest of its log and stops following it. */
void progress_end_boot(struct progress *p, int slot);
double progress_now(const struct progress *p);
/* Parses one log line; exposed for the unit tests. Returns 1 if it was a cell line. */
int progress_line(struct progress *p, const char *line);

#endif
