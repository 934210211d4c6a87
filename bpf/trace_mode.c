// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "timefmt.h"
#include "trace_mode.h"
#include "trace_replay.h"
#include "vmm_proc.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

void tm_init(struct trace_mode *tm, unsigned int pid, unsigned long long now)
{
	memset(tm, 0, sizeof(*tm));
	summary_init(&tm->sum);
	tm->pid = pid;
	tm->t0 = tm->last_report = now;
}

void tm_free(struct trace_mode *tm)
{
	if (tm->json_f) {
		fclose(tm->json_f);
		unlink(tm->json_tmp);
	}
	free(tm->json_tmp);
	free(tm->json_path);
	summary_free(&tm->sum);
	memset(tm, 0, sizeof(*tm));
}

static int name_thread(void *ctx, uint32_t tid, const char *comm)
{
	int index = vcpu_index_from_comm(comm);

	if (index >= 0)
		summary_set_thread(ctx, tid, index, comm);
	return 0;
}

void tm_scan_threads(struct trace_mode *tm, unsigned long long now)
{
	summary_scan_begin(&tm->sum, now);
	/* A failed scan (the process is going) must not retire every thread. */
	if (!vmm_for_each_thread((pid_t)tm->pid, name_thread, &tm->sum))
		summary_scan_end(&tm->sum);
}

int tm_json_open(struct trace_mode *tm, const char *path,
		 const struct trace_meta *m)
{
	struct json *j = &tm->json;
	struct utsname u;
	char start[32], name[128];
	time_t t = time(NULL);
	const char *p;
	size_t len;

	tm->json_path = strdup(path);
	tm->json_tmp = malloc(strlen(path) + 5);
	if (!tm->json_path || !tm->json_tmp)
		return -ENOMEM;
	sprintf(tm->json_tmp, "%s.tmp", path);
	tm->json_f = fopen(tm->json_tmp, "we");
	if (!tm->json_f)
		return -errno;
	if (uname(&u))
		memset(&u, 0, sizeof(u));
	utc_stamp(t, start, sizeof(start));

	json_init(j, tm->json_f);
	json_begin_object(j);
	json_kstr(j, "tool", "virqtrace");
	json_kstr(j, "version", VQB_VERSION);
	json_kuint(j, "pid", tm->pid);
	json_kstr(j, "comm", m->comm);
	json_kstr(j, "kernel", u.release);
	json_kstr(j, "start_utc", start);
	json_kdouble(j, "interval_s", m->interval_s);
	json_key(j, "duration_s");
	if (m->duration_s > 0)
		json_double(j, m->duration_s);
	else
		json_null(j);
	json_key(j, "missing_tracepoints");
	json_begin_array(j);
	for (p = m->missing; *p; p += len + (p[len] == ',')) {
		len = strcspn(p, ",");
		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		json_str(j, name);
	}
	json_end_array(j);
	json_kbool(j, "foreign_injections_seen", !*m->foreign_off);
	if (*m->foreign_off)
		json_kstr(j, "foreign_note", m->foreign_off);
	json_key(j, "intervals");
	json_begin_array(j);
	return 0;
}

void tm_report(struct trace_mode *tm, const struct loss *loss, bool final,
	       unsigned long long now)
{
	struct tm_interval r = { .final = final };

	r.t_s = (double)(now - tm->t0) / 1e9;
	if (final) {
		r.len_s = r.t_s;
		r.loss = *loss;
	} else {
		r.len_s = (double)(now - tm->last_report) / 1e9;
		r.loss.ringbuf = loss->ringbuf - tm->last_loss.ringbuf;
		r.loss.busy = loss->busy - tm->last_loss.busy;
		r.loss.bad = loss->bad - tm->last_loss.bad;
	}
	tm->last_loss = *loss;
	tm->last_report = now;
	if (final && tm->pid)
		fputc('\n', stdout);	/* after the interval reports */
	summary_print(stdout, &tm->sum, &r);
	fflush(stdout);
	if (tm->json_f) {
		if (final) {
			json_end_array(&tm->json);	/* the intervals */
			json_key(&tm->json, "total");
		}
		summary_json(&tm->json, &tm->sum, &r);
	}
	if (!final)
		summary_interval_reset(&tm->sum);
}

int tm_json_close(struct trace_mode *tm, const char *end_reason)
{
	int err = 0;

	json_kstr(&tm->json, "end_reason", end_reason);
	json_end_object(&tm->json);
	if (json_finish(&tm->json)) {
		fprintf(stderr, "virqtrace: %s: internal error: malformed JSON\n",
			tm->json_path);
		err = -1;
	}
	if (fflush(tm->json_f) || ferror(tm->json_f) ||
	    fsync(fileno(tm->json_f))) {
		fprintf(stderr, "virqtrace: %s: %s\n", tm->json_tmp, strerror(errno));
		err = -1;
	}
	if (fclose(tm->json_f) && !err) {
		fprintf(stderr, "virqtrace: %s: %s\n", tm->json_tmp, strerror(errno));
		err = -1;
	}
	tm->json_f = NULL;
	if (!err && rename(tm->json_tmp, tm->json_path)) {
		fprintf(stderr, "virqtrace: rename %s to %s: %s\n", tm->json_tmp,
			tm->json_path, strerror(errno));
		err = -1;
	}
	if (err)
		unlink(tm->json_tmp);
	return err;
}

int tm_replay(const char *trace, const char *json)
{
	struct trace_meta m = { .comm = "", .missing = "", .foreign_off = "" };
	struct trace_mode tm;
	struct loss loss;
	bool complete = false;
	char why[512] = "";
	int err, ret = 0;

	tm_init(&tm, 0, 0);
	if (replay_file(trace, &tm.sum, &loss, &complete, why, sizeof(why))) {
		fprintf(stderr, "virqtrace: %s\n", why);
		tm_free(&tm);
		return 2;
	}
	if (!complete)
		fprintf(stderr, "virqtrace: %s has no trailer (cut short): its loss is unknown\n",
			trace);
	if (json) {
		err = tm_json_open(&tm, json, &m);
		if (err) {
			fprintf(stderr, "virqtrace: %s.tmp: %s\n", json, strerror(-err));
			tm_free(&tm);
			return 1;
		}
	}
	/* The report covers the trace from its first event to its last. */
	tm.t0 = tm.sum.first_ts;
	tm_report(&tm, &loss, true, tm.sum.newest_ts);
	if (json) {
		json_kstr(&tm.json, "replay", trace);
		json_kbool(&tm.json, "trace_complete", complete);
		if (tm_json_close(&tm, "replay"))
			ret = 1;
	}
	tm_free(&tm);
	return ret;
}
