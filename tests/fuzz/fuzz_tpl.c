/*
 * fuzz_tpl.c - libFuzzer target for the template engine: the input is parsed
 * as a template ("main", next to a fixed partial "p") and, when it parses,
 * rendered against a small fixed context with strings, numbers, nested
 * objects, arrays and a tpl_safe_html value.  Parse and render errors are
 * expected results; crashes, leaks, sanitizer reports and invalid UTF-8 in
 * the output are findings.
 *
 * Build: CC=clang cmake -S . -B build-fuzz -DPASSEND_FUZZ=ON && cmake --build build-fuzz --target fuzz_tpl
 * Run:   build-fuzz/fuzz_tpl -max_total_time=30
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/util.h"
#include "render/tpl.h"

static json_t *context(void)
{
	static const char ctx[] =
		"{\"name\":\"<b>De \\\"Loep\\\" & co</b>\",\"n\":7000,\"r\":2.5,\"t\":true,\"f\":false,\"z\":null,"
		"\"date\":\"2025-06-12\",\"text\":\"Regel\\n\\n- a\\n* b\\n\\u2022 c\\no d\",\"codes\":[\"ass\",\"dys\",3],"
		"\"sel\":[\"dys\"],\"school\":{\"addr\":{\"place\":\"Tilburg\"},\"levels\":[1,2,3]},"
		"\"list\":[{\"name\":\"x\",\"sub\":[1,[2,3]]},{\"name\":\"{{name}}\"},[]],\"e\":[],\"o\":{}}";
	json_t *j = json_loads(ctx, 0, NULL);
	if (!j)
		abort();
	json_object_set_new(j, "chart", tpl_safe_html("<svg/>"));
	return j;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *ctx;
	if (!ctx)
		ctx = context();
	if (size > 65536)
		return 0;
	char *src = malloc(size + 1);
	if (!src)
		return 0;
	memcpy(src, data, size);
	src[size] = '\0';
	const char *names[] = {"main", "p"};
	const char *srcs[] = {src, "[{{name|upper}}{{#list}}{{>p}}{{/list}}]"};
	char err[256];
	struct tpl_set *s = tpl_set_from_strings(names, srcs, 2, err, sizeof err);
	if (s) {
		buf out = BUF_INIT;
		if (tpl_render(s, "main", ctx, &out, err, sizeof err) == 0 && !utf8_valid(buf_str(&out), out.len)) {
			/* the template text itself may be invalid UTF-8; only
			 * flag invalid output when the input was valid */
			if (utf8_valid(src, size) && !memchr(data, 0, size))
				abort();
		}
		buf_free(&out);
		tpl_set_free(s);
	}
	free(src);
	return 0;
}
