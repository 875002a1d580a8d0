/*
 * test_core.c - core/: buffer, utilities, taxonomy, the fact and profile
 * JSON (FACTS.md line format and the interchange format) and fact merging.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/model.h"
#include "core/taxonomy.h"
#include "core/util.h"

static void test_buf(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	assert_string_equal(buf_str(&b), "");
	buf_puts(&b, "abc");
	buf_putc(&b, '-');
	buf_printf(&b, "%d/%s", 42, "x");
	assert_string_equal(b.data, "abc-42/x");
	assert_int_equal(b.len, 8);
	/* a long printf goes through the second vsnprintf path */
	char big[1000];
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_printf(&b, "%s", big);
	assert_int_equal(b.len, 8 + 999);
	assert_int_equal(strlen(b.data), b.len);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_puts(&b, "keep");
	char *s = buf_detach(&b);
	assert_string_equal(s, "keep");
	assert_null(b.data);
	free(s);
	buf_free(&b);
}

static void test_utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("Coördinatie é ☒", strlen("Coördinatie é ☒")));
	assert_false(utf8_valid("\xC3\x28", 2));         /* bad continuation */
	assert_false(utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
	assert_false(utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_false(utf8_valid("\xE2\x98", 2));         /* truncated */
	assert_true(utf8_valid("", 0));
}

static void test_util(void **state)
{
	(void)state;
	long v;
	assert_true(parse_int("42", 0, 100, &v));
	assert_int_equal(v, 42);
	assert_false(parse_int("42x", 0, 100, &v));
	assert_false(parse_int("101", 0, 100, &v));
	assert_false(parse_int("", 0, 100, &v));
	assert_false(parse_int("99999999999999999999999", 0, 100, &v));
	assert_true(school_year_valid("2025/2026"));
	assert_false(school_year_valid("2025/2027"));
	assert_false(school_year_valid("2025-2026"));
	assert_false(school_year_valid("25/26"));
	char s[] = "  a b \n";
	assert_string_equal(str_trim(s), "a b");
	assert_true(str_eq(NULL, NULL));
	assert_false(str_eq("a", NULL));
}

static void test_read_file_limit(void **state)
{
	(void)state;
	char path[] = "/tmp/passend-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "hello world", 11), 11);
	close(fd);
	char *data;
	size_t len;
	const char *err;
	assert_int_equal(read_file_limit(path, 100, &data, &len, &err), 0);
	assert_int_equal(len, 11);
	assert_string_equal(data, "hello world");
	free(data);
	assert_int_equal(read_file_limit(path, 5, &data, &len, &err), -1);
	assert_string_equal(err, "file is too large");
	assert_int_equal(read_file_limit("/nonexistent/x", 5, &data, &len, &err), -1);
	assert_int_equal(read_file_limit("/tmp", 5, &data, &len, &err), -1);
	unlink(path);
}

static void test_taxonomy(void **state)
{
	(void)state;
	assert_int_equal(tax_init(), 0);
	const struct tax_entry *e = tax_find(FK_NEED, "ass");
	assert_non_null(e);
	assert_string_equal(e->label, "Autisme (ASS)");
	assert_null(tax_find(FK_NEED, "lift"));
	assert_non_null(tax_find(FK_FACILITY, "lift"));
	assert_true(tax_count(FK_NEED) >= 20);
	for (size_t i = 0; i < tax_count(FK_LIMIT); i++)
		assert_int_equal(tax_at(FK_LIMIT, i)->index, (int)i);
	assert_true(tax_school_code_valid("brin"));
	assert_false(tax_school_code_valid("bogus"));
	char err[200];
	assert_int_equal(tax_load_text("kind\tcode\tlabel_nl\tmeaning\nwhat\tx\ty\n", err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown kind"));
	assert_int_equal(tax_load_text("need\tx\tX\nneed\tx\tY\n", err, sizeof err), -1);
	assert_non_null(strstr(err, "duplicate"));
	/* a failed load leaves the active table alone */
	assert_non_null(tax_find(FK_NEED, "ass"));
}

static int parse_fact(const char *text, struct fact *f, char *err, size_t n)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	assert_non_null(j);
	int rc = fact_from_json(j, f, err, n);
	json_decref(j);
	return rc;
}

static void test_fact_json(void **state)
{
	(void)state;
	struct fact f;
	char err[200];
	assert_int_equal(parse_fact("{\"kind\":\"need\",\"code\":\"ass\",\"where\":\"school\",\"levels\":[2,3],"
	                            "\"evidence\":{\"line\":212,\"text\":\"We hebben ervaring met autisme.\"}}",
	                            &f, err, sizeof err),
	                 0);
	assert_int_equal(f.kind, FK_NEED);
	assert_int_equal(f.where, WHERE_SCHOOL);
	assert_int_equal(f.levels, (1u << 2) | (1u << 3));
	assert_int_equal(f.ev_line, 212);
	json_t *back = fact_to_json(&f);
	char *s = json_dumps(back, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_string_equal(s, "{\"kind\":\"need\",\"code\":\"ass\",\"where\":\"school\",\"levels\":[2,3],"
	                       "\"evidence\":{\"line\":212,\"text\":\"We hebben ervaring met autisme.\"}}");
	free(s);
	json_decref(back);
	fact_free(&f);

	/* facility absent: present:false survives, default true is omitted */
	assert_int_equal(parse_fact("{\"kind\":\"facility\",\"code\":\"lift\",\"present\":false}", &f, err, sizeof err), 0);
	assert_false(f.present);
	back = fact_to_json(&f);
	assert_true(json_is_false(json_object_get(back, "present")));
	json_decref(back);
	fact_free(&f);

	struct {
		const char *json, *msg;
	} bad[] = {
	    {"{\"kind\":\"need\",\"code\":\"nonsense\"}", "unknown need code"},
	    {"{\"kind\":\"wish\",\"code\":\"ass\"}", "unknown fact kind"},
	    {"{\"kind\":\"need\",\"code\":\"ass\",\"where\":\"home\"}", "'where'"},
	    {"{\"kind\":\"need\",\"code\":\"ass\",\"levels\":[0]}", "'levels'"},
	    {"{\"kind\":\"need\",\"code\":\"ass\",\"levels\":[\"2\"]}", "'levels'"},
	    {"{\"kind\":\"need\",\"code\":\"ass\",\"wher\":\"school\"}", "unknown key 'wher'"},
	    {"{\"kind\":\"expertise\",\"code\":\"logopedist\",\"count\":-1}", "'count'"},
	    {"{\"kind\":\"expertise\",\"code\":\"logopedist\",\"count\":\"2\"}", "'count'"},
	    {"{\"kind\":\"partner\"}", "'value' is missing"},
	    {"{\"kind\":\"levels\"}", "levels fact needs a count"},
	    {"{\"kind\":\"facility\",\"code\":\"lift\",\"present\":\"no\"}", "'present'"},
	    {"{\"kind\":\"school\",\"code\":\"hobby\",\"value\":\"x\"}", "unknown school fact code"},
	    {"[1,2]", "must be an object"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(parse_fact(bad[i].json, &f, err, sizeof err), -1);
		if (!strstr(err, bad[i].msg))
			fail_msg("case %zu: expected '%s' in '%s'", i, bad[i].msg, err);
	}
}

static void test_fact_merge(void **state)
{
	(void)state;
	struct fact_list l = {0};
	struct fact f;
	fact_init(&f);
	f.kind = FK_NEED;
	f.code = "ass";
	f.where = WHERE_SCHOOL;
	f.levels = 1u << 2;
	f.ev_line = 10;
	f.ev_text = "first";
	fact_list_add(&l, &f);
	f.levels = 1u << 3;
	f.ev_line = 20;
	f.ev_text = "second";
	fact_list_add(&l, &f);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].levels, (1u << 2) | (1u << 3));
	assert_int_equal(l.v[0].ev_line, 10); /* first evidence kept */
	assert_string_equal(l.v[0].ev_text, "first");
	f.where = WHERE_EXTERN; /* offered both ways: two facts */
	fact_list_add(&l, &f);
	assert_int_equal(l.n, 2);
	struct fact p;
	fact_init(&p);
	p.kind = FK_PARTNER;
	p.value = "Kentalis";
	fact_list_add(&l, &p);
	p.value = "kentalis";
	fact_list_add(&l, &p);
	p.value = "Visio";
	fact_list_add(&l, &p);
	assert_int_equal(l.n, 4);
	fact_list_free(&l);
}

static void test_profile_json(void **state)
{
	(void)state;
	const char *text =
	    "{\"school_year\":\"2025/2026\",\"version\":2,\"status\":\"gepubliceerd\",\"format\":\"meierij\","
	    "\"dates\":{\"mr_advice\":\"2025-06-12\",\"set\":\"2025-06-30\",\"published\":\"2025-08-25\"},"
	    "\"sections\":[{\"key\":\"grenzen\",\"heading\":\"Grenzen\",\"text\":\"Wij kunnen niet...\"}],"
	    "\"facts\":[{\"kind\":\"limit\",\"code\":\"veiligheid\"},{\"kind\":\"levels\",\"count\":5}]}";
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	struct profile p;
	char err[200];
	assert_int_equal(profile_from_json(j, &p, err, sizeof err), 0);
	assert_string_equal(p.school_year, "2025/2026");
	assert_int_equal(p.status, PS_GEPUBLICEERD);
	assert_int_equal(p.version, 2);
	assert_int_equal(p.sections.n, 1);
	assert_int_equal(p.facts.n, 2);
	json_t *back = profile_to_json(&p);
	assert_true(json_equal(json_object_get(back, "dates"), json_object_get(j, "dates")));
	assert_true(json_equal(json_object_get(back, "facts"), json_object_get(j, "facts")));
	json_decref(back);
	profile_free(&p);
	json_decref(j);

	const char *bad[] = {
	    "{\"school_year\":\"2025/2027\"}",
	    "{\"school_year\":\"2025/2026\",\"status\":\"published\"}",
	    "{\"school_year\":\"2025/2026\",\"dates\":{\"set\":\"30-06-2025\"}}",
	    "{\"school_year\":\"2025/2026\",\"sections\":[{\"text\":\"no heading\"}]}",
	    "{\"school_year\":\"2025/2026\",\"facts\":[{\"kind\":\"need\",\"code\":\"zzz\"}]}",
	    "{\"school_year\":\"2025/2026\",\"colour\":\"blue\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		j = json_loads(bad[i], 0, &je);
		assert_non_null(j);
		assert_int_equal(profile_from_json(j, &p, err, sizeof err), -1);
		json_decref(j);
	}
}

static void test_school_json(void **state)
{
	(void)state;
	const char *ok = "{\"brin\":\"31QX\",\"vestiging\":\"01\",\"name\":\"De Test\",\"lat\":51.4,\"lon\":5.2}";
	json_error_t je;
	json_t *j = json_loads(ok, 0, &je);
	struct school s;
	char err[200];
	assert_int_equal(school_from_json(j, &s, err, sizeof err), 0);
	assert_string_equal(s.brin, "31QX");
	assert_true(s.has_coords);
	school_free(&s);
	json_decref(j);
	const char *bad[] = {
	    "{\"brin\":\"ABCD\",\"name\":\"x\"}",       /* not 2 digits + 2 letters */
	    "{\"brin\":\"31QX\",\"vestiging\":\"1\",\"name\":\"x\"}",
	    "{\"brin\":\"31QX\"}",                      /* no name */
	    "{\"brin\":\"31QX\",\"name\":\"x\",\"lat\":91,\"lon\":5}",
	    "{\"brin\":\"31QX\",\"name\":\"x\",\"lat\":51}",
	    "{\"brin\":\"31QX\",\"name\":\"x\",\"kind\":\"vo\"}",
	    "{\"brin\":\"31QX\",\"name\":\"x\",\"pupils\":-3}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		j = json_loads(bad[i], 0, &je);
		assert_non_null(j);
		if (school_from_json(j, &s, err, sizeof err) != -1)
			fail_msg("case %zu accepted", i);
		json_decref(j);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buf),          cmocka_unit_test(test_utf8),
	    cmocka_unit_test(test_util),         cmocka_unit_test(test_read_file_limit),
	    cmocka_unit_test(test_taxonomy),     cmocka_unit_test(test_fact_json),
	    cmocka_unit_test(test_fact_merge),   cmocka_unit_test(test_profile_json),
	    cmocka_unit_test(test_school_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
