/*
 * fuzz_import.c - libFuzzer target for the document importer: imp_buffer()
 * on arbitrary bytes exercises format detection, the text path (encoding
 * detection, line analysis, fact extraction) and the DOCX/ODT (ZIP + XML)
 * paths.  Inputs that look like PDF are skipped: the PDF path runs
 * pdftotext as a subprocess, which a fuzzer must not spawn thousands of
 * times.  Error statuses are expected results; crashes, leaks and sanitizer
 * reports are findings, and so is text that is not valid UTF-8.
 *
 * Build: CC=clang cmake -S . -B build-fuzz -DPASSEND_FUZZ=ON && cmake --build build-fuzz --target fuzz_import
 * Run:   build-fuzz/fuzz_import -max_total_time=30 build-fuzz/corpus/fuzz_import
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/taxonomy.h"
#include "core/util.h"
#include "import/imp.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (tax_init() < 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1024 * 1024)
		return 0;
	/* pdftotext is a subprocess: never from the fuzzer.  Skip anything whose
	 * first KiB holds the PDF magic, as detection may search for it. */
	size_t head = size < 1024 ? size : 1024;
	if (memmem(data, head, "%PDF", 4))
		return 0;
	struct imp_doc d;
	char err[512];
	enum imp_status st = imp_buffer((const char *)data, size, &d, err, sizeof err);
	if (st == IMP_OK) {
		if (d.text && !utf8_valid(d.text, strlen(d.text)))
			abort();
		imp_doc_free(&d);
	}
	return 0;
}
