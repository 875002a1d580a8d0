/*
 * test_tpl.c - the template engine and HTML helpers (src/render/tpl.c,
 * src/render/html.c): escaping, lookups, sections, filters, partials,
 * raw-output rule and parse errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/util.h"
#include "render/html.h"
#include "render/tpl.h"

/* Render source (as template "t", with partials "p/item" and "self"
 * available) against the JSON text ctx; returns the malloc'd output. */
static char *render(const char *source, const char *ctx)
{
	const char *names[] = {"t", "p/item", "self"};
	const char *srcs[] = {source, "[{{name}}]", "x{{>self}}"};
	char err[256] = "";
	struct tpl_set *s = tpl_set_from_strings(names, srcs, 3, err, sizeof err);
	if (!s)
		fail_msg("parse failed: %s", err);
	json_error_t je;
	json_t *j = json_loads(ctx, 0, &je);
	if (!j)
		fail_msg("bad test JSON: %s", je.text);
	buf out = BUF_INIT;
	if (tpl_render(s, "t", j, &out, err, sizeof err) != 0)
		fail_msg("render failed: %s", err);
	json_decref(j);
	tpl_set_free(s);
	return buf_detach(&out);
}

#define assert_render(src, ctx, want)                     \
	do {                                              \
		char *got_ = render((src), (ctx));        \
		assert_string_equal(got_, (want));        \
		free(got_);                               \
	} while (0)

/* Parsing the templates must fail with an error containing want. */
static void assert_parse_error(size_t n, const char *const *names, const char *const *srcs, const char *want)
{
	char err[256] = "";
	struct tpl_set *s = tpl_set_from_strings(names, srcs, n, err, sizeof err);
	if (s) {
		tpl_set_free(s);
		fail_msg("expected parse error '%s'", want);
	}
	if (!strstr(err, want))
		fail_msg("error '%s' does not contain '%s'", err, want);
}

static void assert_parse_error1(const char *src, const char *want)
{
	const char *names[] = {"page"};
	assert_parse_error(1, names, &src, want);
}

static void test_html_escape(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	html_escape(&b, "a&b<c>d\"e'f");
	assert_string_equal(buf_str(&b), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	buf_reset(&b);
	html_escape(&b, NULL);
	assert_string_equal(buf_str(&b), "");
	html_escape_n(&b, "x\0y", 3);
	assert_string_equal(buf_str(&b), "x\xEF\xBF\xBDy");
	buf_reset(&b);
	/* valid multi-byte text passes unchanged */
	html_escape(&b, "caf\xC3\xA9 \xE2\x80\xA2 \xF0\x9F\x98\x80");
	assert_string_equal(buf_str(&b), "caf\xC3\xA9 \xE2\x80\xA2 \xF0\x9F\x98\x80");
	buf_reset(&b);
	/* stray continuation, overlong, surrogate, truncated sequence */
	html_escape(&b, "a\x80" "b\xC0\xAF" "c\xED\xA0\x80" "d\xE2\x80");
	assert_true(utf8_valid(b.data, b.len));
	assert_string_equal(buf_str(&b), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD"
					 "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
					 "d\xEF\xBF\xBD\xEF\xBF\xBD");
	buf_free(&b);
}

static void test_url(void **state)
{
	(void)state;
	buf b = BUF_INIT;
	url_encode(&b, "a b&c=d/é~_.-");
	assert_string_equal(buf_str(&b), "a%20b%26c%3Dd%2F%C3%A9~_.-");
	buf_reset(&b);
	assert_int_equal(url_decode("a+b%20c%2f%C3%A9", 16, &b, true), 0);
	assert_string_equal(buf_str(&b), "a b c/\xC3\xA9");
	buf_reset(&b);
	assert_int_equal(url_decode("a+b", 3, &b, false), 0);
	assert_string_equal(buf_str(&b), "a+b");
	buf_reset(&b);
	assert_int_equal(url_decode("%4", 2, &b, false), -1);
	buf_reset(&b);
	assert_int_equal(url_decode("%zz", 3, &b, false), -1);
	buf_reset(&b);
	assert_int_equal(url_decode("a%00b", 5, &b, false), -1);
	buf_reset(&b);
	/* n bounds the input: the "%41" after it is not read */
	assert_int_equal(url_decode("ab%41", 2, &b, false), 0);
	assert_string_equal(buf_str(&b), "ab");
	buf_free(&b);
}

static void test_values(void **state)
{
	(void)state;
	assert_render("{{s}}|{{i}}|{{r}}|{{t}}|{{f}}|{{n}}|{{missing}}|{{ s }}",
		      "{\"s\":\"x\",\"i\":42,\"r\":2.5,\"t\":true,\"f\":false,\"n\":null}", "x|42|2.5|true||||x");
	assert_render("{{a}}{{o}}", "{\"a\":[1,2],\"o\":{\"k\":1}}", "");
	assert_render("{{r}}", "{\"r\":7.0}", "7");
}

static void test_hostile_values(void **state)
{
	(void)state;
	assert_render("<p>{{v}}</p>", "{\"v\":\"<script>alert(1)</script>\"}",
		      "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
	assert_render("<input value=\"{{v}}\">", "{\"v\":\"\\\"><img src=x onerror=alert(1)>\"}",
		      "<input value=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">");
	assert_render("<a title='{{v}}'>", "{\"v\":\"' onmouseover='x\"}", "<a title='&#39; onmouseover=&#39;x'>");
	/* template syntax inside values is data, never re-interpreted */
	assert_render("{{v}}", "{\"v\":\"{{secret}} {{{secret}}} {{>self}}\",\"secret\":\"S\"}",
		      "{{secret}} {{{secret}}} {{&gt;self}}");
	assert_render("{{v}}", "{\"v\":\"a & b\"}", "a &amp; b");
}

static void test_lookup_and_stack(void **state)
{
	(void)state;
	const char *ctx = "{\"title\":\"T\",\"school\":{\"name\":\"De Loep\",\"addr\":{\"place\":\"Tilburg\"}},"
			  "\"list\":[{\"name\":\"a\"},{\"other\":1}],\"arr\":[\"x\",\"y\"]}";
	assert_render("{{school.name}}/{{school.addr.place}}/{{school.nope.place}}/{{arr.1}}", ctx,
		      "De Loep/Tilburg//y");
	/* inside a section the outer context stays reachable */
	assert_render("{{#school}}{{name}}-{{title}}-{{addr.place}}{{/school}}", ctx, "De Loep-T-Tilburg");
	assert_render("{{#list}}({{name}}){{/list}}", ctx, "(a)()");
	assert_render("{{#arr}}{{.}},{{/arr}}", ctx, "x,y,");
	/* a dotted name whose first segment is found does not fall back */
	assert_render("{{#school}}{{title.x}}{{/school}}", ctx, "");
}

static void test_sections(void **state)
{
	(void)state;
	const char *ctx = "{\"arr\":[1,2,3],\"e\":[],\"o\":{\"k\":\"v\"},\"eo\":{},\"s\":\"x\",\"es\":\"\","
			  "\"z\":0,\"zr\":0.0,\"t\":true,\"f\":false,\"n\":null,\"one\":1}";
	assert_render("{{#arr}}{{.}}{{/arr}}", ctx, "123");
	assert_render("{{#arr}}{{@index}}{{@number}}{{#@first}}F{{/@first}}{{#@last}}L{{/@last}};{{/arr}}", ctx,
		      "01F;12;23L;");
	assert_render("{{#arr}}{{.}}{{^@last}}, {{/@last}}{{/arr}}", ctx, "1, 2, 3");
	assert_render("{{#o}}{{k}}{{/o}}", ctx, "v");
	/* a scalar section leaves the context unchanged */
	assert_render("{{#s}}[{{s}}]{{/s}}{{#t}}T{{/t}}{{#one}}1{{/one}}", ctx, "[x]T1");
	const char *falsy[] = {"e", "eo", "es", "z", "zr", "f", "n", "missing"};
	for (size_t i = 0; i < sizeof falsy / sizeof falsy[0]; i++) {
		char src[128], inv[128];
		snprintf(src, sizeof src, "{{#%s}}yes{{/%s}}", falsy[i], falsy[i]);
		snprintf(inv, sizeof inv, "{{^%s}}no{{/%s}}", falsy[i], falsy[i]);
		assert_render(src, ctx, "");
		assert_render(inv, ctx, "no");
	}
	assert_render("{{^arr}}no{{/arr}}{{^o}}no{{/o}}", ctx, "");
	/* nested loops: @index refers to the innermost loop */
	assert_render("{{#m}}{{#.}}{{@index}}{{/.}}|{{/m}}", "{\"m\":[[1,2],[3]]}", "01|0|");
}

static void test_standalone_lines(void **state)
{
	(void)state;
	assert_render("<ul>\n  {{#arr}}\n  <li>{{.}}</li>\n  {{/arr}}\n</ul>\n", "{\"arr\":[1,2]}",
		      "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
	assert_render("a {{#t}}b{{/t}} c\n", "{\"t\":true}", "a b c\n");
	assert_render("{{! comment }}\nx\n", "{}", "x\n");
	assert_render("a\r\n  {{#t}}  \r\nb\r\n{{/t}}\r\n", "{\"t\":1}", "a\r\nb\r\n");
	/* whitespace inside tags */
	assert_render("{{ q | lower | url }}{{# t }}!{{/ t }}{{ #eq q \"A b\" }}={{ /eq }}", "{\"q\":\"A b\",\"t\":1}",
		      "a%20b!=");
}

static void test_eq_in(void **state)
{
	(void)state;
	const char *ctx = "{\"lvl\":\"3\",\"n\":3,\"sel\":[\"ass\",\"dys\",\"4\"],\"codes\":[\"ass\",\"tos\",\"dys\"],"
			  "\"num\":4}";
	assert_render("{{#eq lvl \"3\"}}yes{{/eq}}{{#eq n \"3\"}}int{{/eq}}{{#eq lvl \"4\"}}no{{/eq}}", ctx,
		      "yesint");
	assert_render("{{^eq lvl \"4\"}}not4{{/eq}}{{^eq lvl \"3\"}}x{{/eq}}", ctx, "not4");
	assert_render("{{#codes}}<input value=\"{{.}}\"{{#in . sel}} checked{{/in}}>{{/codes}}", ctx,
		      "<input value=\"ass\" checked><input value=\"tos\"><input value=\"dys\" checked>");
	assert_render("{{#in num sel}}int{{/in}}{{^in lvl sel}}notin{{/in}}{{#in lvl missing}}x{{/in}}", ctx,
		      "intnotin");
	assert_render("{{#eq q \"a \\\"b\\\"\"}}quoted{{/eq}}", "{\"q\":\"a \\\"b\\\"\"}", "quoted");
	/* eq as a plain section name still works */
	assert_render("{{#eq}}E{{/eq}}", "{\"eq\":true}", "E");
}

static void test_partials(void **state)
{
	(void)state;
	assert_render("{{#list}}{{>p/item}}{{/list}}", "{\"list\":[{\"name\":\"<a>\"},{\"name\":\"b\"}]}",
		      "[&lt;a&gt;][b]");
	/* a self-recursive partial stops with an error at depth 32 */
	const char *names[] = {"t", "self"};
	const char *srcs[] = {"{{>self}}", "x{{>self}}"};
	char err[256] = "";
	struct tpl_set *s = tpl_set_from_strings(names, srcs, 2, err, sizeof err);
	assert_non_null(s);
	buf out = BUF_INIT;
	buf_puts(&out, "keep");
	json_t *ctx = json_object();
	assert_int_equal(tpl_render(s, "t", ctx, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "32"));
	assert_string_equal(buf_str(&out), "keep"); /* nothing half-rendered */
	assert_int_equal(tpl_render(s, "nope", ctx, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown template"));
	assert_true(tpl_exists(s, "self"));
	assert_false(tpl_exists(s, "other"));
	/* exponential partial fan-out is stopped by the work budget */
	const char *bomb[] = {"{{>b}}{{>b}}", "{{>b}}{{>b}}{{>b}}{{>b}}"};
	const char *bnames[] = {"a", "b"};
	struct tpl_set *s2 = tpl_set_from_strings(bnames, bomb, 2, err, sizeof err);
	assert_non_null(s2);
	assert_int_equal(tpl_render(s2, "a", ctx, &out, err, sizeof err), -1);
	/* nested loops multiplying to 10^8 iterations hit the work budget */
	const char *lnames[] = {"loops"};
	const char *lsrc[] = {"{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}.{{/a}}{{/a}}{{/a}}{{/a}}"
			      "{{/a}}{{/a}}{{/a}}{{/a}}"};
	struct tpl_set *s3 = tpl_set_from_strings(lnames, lsrc, 1, err, sizeof err);
	assert_non_null(s3);
	json_t *ten = json_pack("{s:[i,i,i,i,i,i,i,i,i,i]}", "a", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
	assert_int_equal(tpl_render(s3, "loops", ten, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "budget"));
	assert_string_equal(buf_str(&out), "keep");
	json_decref(ten);
	tpl_set_free(s3);
	json_decref(ctx);
	buf_free(&out);
	tpl_set_free(s);
	tpl_set_free(s2);
}

static void test_filters(void **state)
{
	(void)state;
	assert_render("<a href=\"/zoek?q={{q|url}}\">", "{\"q\":\"a b&c<\\\"é\"}",
		      "<a href=\"/zoek?q=a%20b%26c%3C%22%C3%A9\">");
	assert_render("{{d|date}}|{{ts|date}}|{{bad|date}}|{{feb|date}}|{{leap|date}}",
		      "{\"d\":\"2025-06-12\",\"ts\":\"2024-01-01T10:00:00Z\",\"bad\":\"<2025-13-01>\","
		      "\"feb\":\"2025-02-29\",\"leap\":\"2024-02-29\"}",
		      "12 juni 2025|1 januari 2024|&lt;2025-13-01&gt;|2025-02-29|29 februari 2024");
	assert_render("{{a|len}}|{{o|len}}|{{s|len}}|{{m|len}}", "{\"a\":[1,2,3],\"o\":{\"x\":1},\"s\":\"één\"}",
		      "3|1|3|0");
	assert_render("{{s|lower}}|{{s|upper}}", "{\"s\":\"Ééñ ÀB×÷<x>\"}",
		      "ééñ àb×÷&lt;x&gt;|ÉÉÑ ÀB×÷&lt;X&gt;");
	assert_render("{{a|nl}}|{{b|nl}}|{{c|nl}}|{{d|nl}}|{{e|nl}}|{{f|nl}}|{{g|nl}}",
		      "{\"a\":7000,\"b\":999,\"c\":-1234567,\"d\":1234.5,\"e\":\"12000\",\"f\":\"abc\",\"g\":1000000}",
		      "7.000|999|-1.234.567|1.234,5|12.000|abc|1.000.000");
	assert_render("{{s|lower|url}}", "{\"s\":\"Groep 8\"}", "groep%208");
	assert_render("{{a|len|nl}}", "{\"a\":[1,2]}", "2");
	assert_render("{{#arr}}{{@number|nl}}{{/arr}}", "{\"arr\":[0]}", "1");
}

static void test_json_filter(void **state)
{
	(void)state;
	assert_render("<script type=\"application/json\">{{d|json}}</script>",
		      "{\"d\":{\"a\":\"</script><b>&\",\"n\":[1,2.5,null,true]}}",
		      "<script type=\"application/json\">{\"a\":\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\","
		      "\"n\":[1,2.5,null,true]}</script>");
	assert_render("{{s|json}}|{{m|json}}|{{s|upper|json}}", "{\"s\":\"<x>\"}",
		      "\"\\u003cx\\u003e\"|null|\"\\u003cX\\u003e\"");
}

static void test_paras(void **state)
{
	(void)state;
	assert_render("{{t|paras}}",
		      "{\"t\":\"Eerste regel\\ntweede <b>\\n\\nWij bieden:\\n• lezen\\n- rekenen & taal\\n"
		      "* gedrag\\no  motoriek\\n\\r\\nSlot.\"}",
		      "<p>Eerste regel<br>\ntweede &lt;b&gt;</p>\n"
		      "<p>Wij bieden:</p>\n<ul>\n<li>lezen</li>\n<li>rekenen &amp; taal</li>\n<li>gedrag</li>\n"
		      "<li>motoriek</li>\n</ul>\n<p>Slot.</p>\n");
	assert_render("{{t|paras}}", "{\"t\":\"- a\\nna lijst\"}", "<ul>\n<li>a</li>\n</ul>\n<p>na lijst</p>\n");
	assert_render("{{t|paras}}|{{m|paras}}", "{\"t\":\"\\n\\n  \\n\"}", "|");
	/* "-5 graden" is no bullet */
	assert_render("{{t|paras}}", "{\"t\":\"-5 graden\"}", "<p>-5 graden</p>\n");
}

static void test_raw(void **state)
{
	(void)state;
	const char *names[] = {"t"};
	const char *srcs[] = {"{{{chart}}}|{{{s}}}|{{{fake}}}|{{{missing}}}|{{chart}}"};
	char err[256];
	struct tpl_set *s = tpl_set_from_strings(names, srcs, 1, err, sizeof err);
	assert_non_null(s);
	json_t *ctx = json_object();
	json_object_set_new(ctx, "chart", tpl_safe_html("<svg><rect/></svg>"));
	json_object_set_new(ctx, "s", json_string("<script>x</script>"));
	json_object_set_new(ctx, "fake", json_pack("{s:s,s:s}", "$html", "<b>", "extra", "1"));
	buf out = BUF_INIT;
	assert_int_equal(tpl_render(s, "t", ctx, &out, err, sizeof err), 0);
	assert_string_equal(buf_str(&out), "<svg><rect/></svg>||||");
	json_decref(ctx);
	buf_free(&out);
	tpl_set_free(s);
	/* invalid UTF-8 handed to tpl_safe_html is repaired, not dropped */
	json_t *h = tpl_safe_html("a\xFF");
	assert_string_equal(json_string_value(json_object_get(h, "$html")), "a\xEF\xBF\xBD");
	json_decref(h);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	const char *names[] = {"t"};
	const char *srcs[] = {"{{s}}|{{s|upper}}|{{s|json}}|{{s|paras}}"};
	char err[256];
	struct tpl_set *s = tpl_set_from_strings(names, srcs, 1, err, sizeof err);
	assert_non_null(s);
	json_t *ctx = json_object();
	/* jansson refuses invalid UTF-8 unless told not to check, which an
	 * importer bug could do */
	json_object_set_new(ctx, "s", json_stringn_nocheck("a\xC3(\xFF", 4));
	buf out = BUF_INIT;
	assert_int_equal(tpl_render(s, "t", ctx, &out, err, sizeof err), 0);
	assert_true(utf8_valid(out.data, out.len));
	assert_string_equal(buf_str(&out), "a\xEF\xBF\xBD(\xEF\xBF\xBD|A\xEF\xBF\xBD(\xEF\xBF\xBD|"
					   "\"a\xEF\xBF\xBD(\xEF\xBF\xBD\"|<p>a\xEF\xBF\xBD(\xEF\xBF\xBD</p>\n");
	json_decref(ctx);
	/* a tree jansson cannot encode becomes null, not half a document */
	const char *n2[] = {"t"};
	const char *s2[] = {"{{o|json}}"};
	tpl_set_free(s);
	s = tpl_set_from_strings(n2, s2, 1, err, sizeof err);
	ctx = json_object();
	json_object_set_new(ctx, "o", json_pack("{s:o}", "k", json_stringn_nocheck("\xFF", 1)));
	buf_reset(&out);
	assert_int_equal(tpl_render(s, "t", ctx, &out, err, sizeof err), 0);
	assert_string_equal(buf_str(&out), "null");
	json_decref(ctx);
	buf_free(&out);
	tpl_set_free(s);
}

static void test_parse_errors(void **state)
{
	(void)state;
	assert_parse_error1("a\nb\n{{#list}}\nx", "page:3: unclosed section {{#list}}");
	assert_parse_error1("{{#a}}\n{{/b}}", "page:2: close tag {{/b}} does not match {{#a}} opened on line 1");
	assert_parse_error1("\n\n{{/a}}", "page:3: close tag {{/a}} without an open section");
	assert_parse_error1("x\n{{name|bogus}}", "page:2: unknown filter 'bogus'");
	assert_parse_error1("{{name|paras|upper}}", "page:1: filter 'upper' must come after 'paras'");
	assert_parse_error1("\n{{name", "page:2: unclosed tag");
	assert_parse_error1("{{&name}}", "page:1: unsupported tag");
	assert_parse_error1("{{{a|url}}}", "filters are not allowed");
	assert_parse_error1("{{a b}}", "invalid character in name");
	assert_parse_error1("{{a..b}}", "invalid name");
	assert_parse_error1("{{#eq a b}}{{/eq}}", "eq needs a quoted");
	assert_parse_error1("{{#eq a \"b}}{{/eq}}", "unterminated string literal");
	assert_parse_error1("{{#in a}}{{/in}}", "in needs a name and a list name");
	assert_parse_error1("{{#eq a \"x\"}}{{/a}}", "does not match {{#eq}}");
	const char *names[] = {"main", "layout/head"};
	const char *srcs[] = {"{{>layout/head}}\n\n{{>layout/foot}}", "<head>"};
	assert_parse_error(2, names, srcs, "main:3: unknown partial 'layout/foot'");
	const char *dup[] = {"x", "x"};
	assert_parse_error(2, dup, srcs, "two templates with this name");
	/* deep nesting is refused, not a stack overflow */
	buf deep = BUF_INIT;
	for (int i = 0; i < 100; i++)
		buf_puts(&deep, "{{#a}}");
	assert_parse_error1(deep.data, "nested deeper");
	buf_free(&deep);
}

/* Every embedded template parses; a directory overrides and adds files. */
static void test_load(void **state)
{
	(void)state;
	char err[256] = "";
	struct tpl_set *s = tpl_set_load(NULL, err, sizeof err);
	if (!s)
		fail_msg("embedded templates do not load: %s", err);
	tpl_set_free(s);

	char dir[] = "/tmp/test_tpl_XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[512], sub[512];
	snprintf(sub, sizeof sub, "%s/extra", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	snprintf(path, sizeof path, "%s/extra/zz_added.txt", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("added {{v}}", f);
	fclose(f);
	/* override the first embedded template, whatever it is */
	const char *over = NULL;
	char over_name[256] = "";
	for (const struct embed_file *e = embed_files; e->name; e++) {
		const char *dot = strrchr(e->name, '.');
		if (strncmp(e->name, "templates/", 10) == 0 && dot && strcmp(dot, ".html") == 0) {
			over = e->name + 10;
			snprintf(over_name, sizeof over_name, "%.*s", (int)(dot - over), over);
			break;
		}
	}
	char opath[512] = "";
	if (over && !strchr(over, '/')) {
		snprintf(opath, sizeof opath, "%s/%s", dir, over);
		f = fopen(opath, "w");
		assert_non_null(f);
		fputs("OVERRIDDEN {{v}}", f);
		fclose(f);
	}
	s = tpl_set_load(dir, err, sizeof err);
	if (!s)
		fail_msg("override dir does not load: %s", err);
	json_t *ctx = json_pack("{s:s}", "v", "<1>");
	buf out = BUF_INIT;
	assert_int_equal(tpl_render(s, "extra/zz_added", ctx, &out, err, sizeof err), 0);
	assert_string_equal(buf_str(&out), "added &lt;1&gt;");
	if (*opath) {
		buf_reset(&out);
		assert_int_equal(tpl_render(s, over_name, ctx, &out, err, sizeof err), 0);
		assert_string_equal(buf_str(&out), "OVERRIDDEN &lt;1&gt;");
		unlink(opath);
	}
	tpl_set_free(s);
	/* a parse error in an override file names the file and line */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("ok\n{{#x}}", f);
	fclose(f);
	assert_null(tpl_set_load(dir, err, sizeof err));
	assert_non_null(strstr(err, "extra/zz_added:2: unclosed section"));
	unlink(path);
	rmdir(sub);
	rmdir(dir);
	assert_null(tpl_set_load("/nonexistent/passend-templates", err, sizeof err));
	json_decref(ctx);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_escape),     cmocka_unit_test(test_url),
		cmocka_unit_test(test_values),          cmocka_unit_test(test_hostile_values),
		cmocka_unit_test(test_lookup_and_stack), cmocka_unit_test(test_sections),
		cmocka_unit_test(test_standalone_lines), cmocka_unit_test(test_eq_in),
		cmocka_unit_test(test_partials),        cmocka_unit_test(test_filters),
		cmocka_unit_test(test_json_filter),     cmocka_unit_test(test_paras),
		cmocka_unit_test(test_raw),             cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_parse_errors),    cmocka_unit_test(test_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
