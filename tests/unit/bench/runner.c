// SPDX-License-Identifier: GPL-2.0
/* bench/'s unit tests' main(), and the stderr capture its reporting tests need. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bt.h"
#include "diag.h"

static int saved_fd = -1;
static char *cap_path;

void stderr_capture(void)
{
	int fd;

	fflush(stderr);
	free(cap_path);
	cap_path = t_path("stderr.txt");
	fd = open(cap_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	saved_fd = dup(2);
	if (fd < 0 || saved_fd < 0) {
		CHECKF(0, "cannot capture stderr into %s", cap_path);
		return;
	}
	dup2(fd, 2);
	close(fd);
}

char *stderr_captured(void)
{
	char *text;

	fflush(stderr);
	if (saved_fd >= 0) {
		dup2(saved_fd, 2);
		close(saved_fd);
		saved_fd = -1;
	}
	text = cap_path ? t_read("/", cap_path) : NULL;
	return text;
}

int main(void)
{
	diag_set_prog("virqbench");	/* as bench/'s main: its messages carry its name */
	if (t_setup("vqb-bench-unit-"))
		return t_finish("bench");
	test_args();
	test_bracket();
	test_contender();
	test_hostinfo();
	test_kernelinfo();
	test_placement();
	test_procirq();
	test_rawout();
	test_rowfile();
	test_tracer();
	test_uirq();
	test_vfio_devices();
	free(cap_path);
	return t_finish("bench");
}
