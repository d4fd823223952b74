/*
 * replay.c - runs a fuzz target's saved corpus without libFuzzer, so `make test` (with
 * gcc, under ASan and UBSan) replays every input that fuzzing ever kept. Usage:
 * replay_<target> DIR...  Prints one TAP line per folder.
 */
#include <stdint.h>
#include <stdio.h>
#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

int main(int argc, char **argv)
{
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	int n = 0;
	for (int i = 1; i < argc; i++) {
		GDir *d = g_dir_open(argv[i], 0, NULL);
		guint count = 0;
		const char *name;
		while (d && (name = g_dir_read_name(d))) {
			g_autofree char *path = g_build_filename(argv[i], name, NULL);
			g_autofree char *data = NULL;
			gsize len = 0;
			if (!g_file_get_contents(path, &data, &len, NULL))
				continue;
			LLVMFuzzerTestOneInput((const uint8_t *)data, len);
			count++;
		}
		if (d)
			g_dir_close(d);
		printf("%s %d - replayed %u inputs of %s\n", d && count ? "ok" : "not ok", ++n, count,
		       argv[i]);
	}
	return 0;
}
