// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the valid sample messages and the tokens of real clients
 * (samples.h) into a directory, one file each: the seed corpus of
 * fuzz_message.
 */
#include <stdio.h>

#include "samples.h"

int main(int argc, char **argv)
{
	static struct sample s[MAX_SAMPLES + MAX_CLIENT_TOKENS];
	char path[4096];
	int i, n;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	n = load_samples(s);
	n += load_client_tokens(s + n);
	for (i = 0; i < n; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", argv[1], s[i].name);
		f = fopen(path, "wb");
		if (!f || fwrite(s[i].buf, 1, s[i].len, f) != s[i].len ||
		    fclose(f)) {
			perror(path);
			return 1;
		}
	}
	return 0;
}
