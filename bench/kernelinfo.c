// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "kernelinfo.h"

void kernel_flavour_of(const char *release, char *buf, size_t size)
{
	const char *p = release;

	/* The version: digits and dots. */
	while (isdigit((unsigned char)*p) || *p == '.')
		p++;
	/* The ABI: "-57" (6.1) or "+deb12" (6.3 on). */
	if (*p == '-' && isdigit((unsigned char)p[1])) {
		for (p++; isdigit((unsigned char)*p);)
			p++;
	} else if (*p == '+') {
		p += strcspn(p, "-");
	}
	snprintf(buf, size, "%s", *p == '-' ? p + 1 : "");
}

const char *kernel_config_value(const char *config, const char *name, char *buf, size_t size)
{
	size_t n = strlen(name), len;

	for (const char *line = config; *line; line += len + (line[len] == '\n')) {
		len = strcspn(line, "\n");

		if (!strncmp(line, name, n) && line[n] == '=') {
			snprintf(buf, size, "%.*s", (int)(len - n - 1), line + n + 1);
			return buf;
		}
		if (!strncmp(line, "# ", 2) && !strncmp(line + 2, name, n) &&
		    !strncmp(line + 2 + n, " is not set", 11)) {
			snprintf(buf, size, "n");
			return buf;
		}
	}
	return NULL;
}

/* A word of uname -v, whole: " PREEMPT " is not " PREEMPT_RT ". */
static int has_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = text; (p = strstr(p, word)); p += n)
		if ((p == text || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

const char *kernel_preempt_of(const char *uname_version, const char *config)
{
	char v[8];

	if (has_word(uname_version, "PREEMPT_RT"))
		return "rt";
	if (has_word(uname_version, "PREEMPT_DYNAMIC"))
		return "dynamic";
	if (has_word(uname_version, "PREEMPT"))
		return "full";
	/* uname -v says nothing for either of these. */
	if (config && kernel_config_value(config, "CONFIG_PREEMPT_VOLUNTARY", v, sizeof(v)) &&
	    !strcmp(v, "y"))
		return "voluntary";
	if (config && kernel_config_value(config, "CONFIG_PREEMPT_NONE", v, sizeof(v)) &&
	    !strcmp(v, "y"))
		return "none";
	return "unknown";
}

static char *read_all(FILE *f)
{
	size_t len = 0, cap = 1 << 16;
	char *buf = malloc(cap);
	size_t n;

	if (!buf)
		return NULL;
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2) {
			char *b = realloc(buf, cap * 2);

			if (!b) {
				free(buf);
				return NULL;
			}
			buf = b;
			cap *= 2;
		}
	}
	buf[len] = '\0';
	return buf;
}

/* Debian installs /boot/config-RELEASE; other kernels have /proc/config.gz. */
static char *read_config(const char *release, char *source, size_t size)
{
	char path[256];
	char *text = NULL;
	FILE *f;

	source[0] = '\0';
	snprintf(path, sizeof(path), "/boot/config-%s", release);
	f = fopen(path, "r");
	if (f) {
		text = read_all(f);
		fclose(f);
		snprintf(source, size, "%s", path);
		return text;
	}
	f = fopen("/proc/config.gz", "r");
	if (!f)
		return NULL;
	fclose(f);
	f = popen("gzip -dc /proc/config.gz 2>/dev/null", "r");
	if (!f)
		return NULL;
	text = read_all(f);
	if (pclose(f) != 0 || !text || !*text) {
		free(text);
		return NULL;
	}
	snprintf(source, size, "/proc/config.gz");
	return text;
}

void kernelinfo_probe(struct kernelinfo *ki)
{
	struct utsname u;
	char *config;

	memset(ki, 0, sizeof(*ki));
	if (uname(&u)) {
		snprintf(ki->preempt, sizeof(ki->preempt), "unknown");
		snprintf(ki->kvm_config, sizeof(ki->kvm_config), "unknown");
		return;
	}
	snprintf(ki->release, sizeof(ki->release), "%s", u.release);
	kernel_flavour_of(u.release, ki->flavour, sizeof(ki->flavour));
	config = read_config(u.release, ki->config_source, sizeof(ki->config_source));
	snprintf(ki->preempt, sizeof(ki->preempt), "%s", kernel_preempt_of(u.version, config));
	if (!config || !kernel_config_value(config, "CONFIG_KVM", ki->kvm_config,
					    sizeof(ki->kvm_config)))
		snprintf(ki->kvm_config, sizeof(ki->kvm_config), "%s", config ? "n" : "unknown");
	free(config);
}
