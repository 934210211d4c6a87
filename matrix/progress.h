/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Follows a running boot's log (the lab console, or virqbench's stderr
 * natively) for bench/'s "cell NAME: ..." lines, and keeps a one-line
 * progress display: cell i of N, its name, the ETA. Quiet when stderr is
 * not a terminal.
 */
#ifndef MATRIX_PROGRESS_H
#define MATRIX_PROGRESS_H

#include <stdio.h>

#define PROGRESS_MAX_CELLS 512

struct cell_time {
	char name[96];
	double start, end;	/* seconds since the matrix started; end 0: not finished */
	char status[16];
};

struct progress {
	int total;		/* cells in the whole matrix */
	int done;
	int show;		/* draw the progress line */
	double t0;
	struct cell_time cells[PROGRESS_MAX_CELLS];
	int ncells;
	/* the log being followed */
	FILE *log;
	char suffix[40];	/* the boot's cell-name suffix (-k6.12), as merge names them */
	char partial[512];
	size_t plen;
};

void progress_init(struct progress *p, int total, int show);
void progress_follow(struct progress *p, const char *log_path);
/* Reads what the log gained since the last call; redraws the line. */
void progress_poll(struct progress *p);
void progress_end_boot(struct progress *p);
double progress_now(const struct progress *p);
/* Parses one log line; exposed for the unit tests. Returns 1 if it was a cell line. */
int progress_line(struct progress *p, const char *line);

#endif
