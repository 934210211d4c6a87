// SPDX-License-Identifier: GPL-2.0
/* The kv reader (lib/kv.c) and its typed getters, on any text. */
#include <stdbool.h>

#include "fz.h"
#include "kv.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {
		"format", "cntfrq", "count_injected", "cntvoff", "trace", "a",
	};
	struct kv kv;
	uint64_t u;
	int64_t i;
	bool b;

	if (kv_parse(&kv, "fuzz.kv", (const char *)data, size) == 0) {
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			(void)kv_get_u64(&kv, keys[k], &u);
			(void)kv_get_i64(&kv, keys[k], &i);
			(void)kv_get_bool(&kv, keys[k], &b);
		}
		/* every key found again through the index */
		for (size_t k = 0; k < kv.n; k++)
			if (kv_find(&kv, kv.e[k].key) != &kv.e[k])
				__builtin_trap();
	}
	kv_free(&kv);
	return 0;
}
