// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "sched.h"

int sched_init(struct sched *s, int n, int jobs)
{
	s->n = n;
	s->jobs = jobs < 1 ? 1 : jobs;
	s->running = 0;
	s->next_merge = 0;
	s->stopped = 0;
	s->state = calloc(n > 0 ? (size_t)n : 1, sizeof(*s->state));
	return s->state ? 0 : -1;
}

void sched_free(struct sched *s)
{
	free(s->state);
	s->state = NULL;
}

/* Boots start in plan order too: the lowest waiting one. */
int sched_next_start(struct sched *s)
{
	if (s->stopped || s->running >= s->jobs)
		return -1;
	for (int i = 0; i < s->n; i++)
		if (s->state[i] == SCHED_WAITING) {
			s->state[i] = SCHED_RUNNING;
			s->running++;
			return i;
		}
	return -1;
}

void sched_ended(struct sched *s, int i)
{
	if (i < 0 || i >= s->n || s->state[i] != SCHED_RUNNING)
		return;
	s->state[i] = SCHED_ENDED;
	s->running--;
}

int sched_next_merge(struct sched *s)
{
	while (s->next_merge < s->n && s->state[s->next_merge] == SCHED_DROPPED)
		s->next_merge++;
	if (s->next_merge >= s->n || s->state[s->next_merge] != SCHED_ENDED)
		return -1;
	s->state[s->next_merge] = SCHED_MERGED;
	return s->next_merge++;
}

void sched_stop(struct sched *s)
{
	s->stopped = 1;
	for (int i = 0; i < s->n; i++)
		if (s->state[i] == SCHED_WAITING)
			s->state[i] = SCHED_DROPPED;
}

int sched_done(const struct sched *s)
{
	for (int i = 0; i < s->n; i++)
		if (s->state[i] != SCHED_MERGED && s->state[i] != SCHED_DROPPED)
			return 0;
	return 1;
}
