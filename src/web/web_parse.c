/*
 * web_parse.c - parsing of query strings, form bodies and cookies, with
 * limits.  Values are percent-decoded and must be valid UTF-8.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "web.h"

const char *web_kv_get(const struct web_kvs *kv, const char *key)
{
	for (size_t i = 0; i < kv->n; i++)
		if (strcmp(kv->v[i].key, key) == 0)
			return kv->v[i].value;
	return NULL;
}

size_t web_kv_all(const struct web_kvs *kv, const char *key, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < kv->n && n < max; i++)
		if (strcmp(kv->v[i].key, key) == 0)
			out[n++] = kv->v[i].value;
	return n;
}

void web_kvs_add(struct web_kvs *kv, const char *key, size_t klen, const char *val, size_t vlen)
{
	/* grow in powers of two: n is a power of two exactly when full */
	if ((kv->n & (kv->n - 1)) == 0)
		kv->v = xrealloc(kv->v, (kv->n ? kv->n * 2 : 4) * sizeof *kv->v);
	kv->v[kv->n].key = xstrndup(key, klen);
	kv->v[kv->n].value = xstrndup(val ? val : "", val ? vlen : 0);
	kv->n++;
}

void web_kvs_free(struct web_kvs *kv)
{
	for (size_t i = 0; i < kv->n; i++) {
		free(kv->v[i].key);
		free(kv->v[i].value);
	}
	free(kv->v);
	kv->v = NULL;
	kv->n = 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode s[0..n) into out; '+' is a space in forms.  -1 on a bad escape. */
static int decode(const char *s, size_t n, buf *out)
{
	buf_reset(out);
	buf_grow(out, n);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+')
			c = ' ';
		else if (c == '%') {
			if (i + 2 >= n)
				return -1;
			int h = hexval((unsigned char)s[i + 1]), l = hexval((unsigned char)s[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			c = (char)(h * 16 + l);
			i += 2;
		}
		buf_putc(out, c);
	}
	return 0;
}

int web_parse_urlencoded(const char *s, size_t n, struct web_kvs *kv)
{
	buf k = BUF_INIT, v = BUF_INIT;
	size_t i = 0;
	int rc = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != '&' && s[j] != ';')
			j++;
		if (j > i) {
			const char *eq = memchr(s + i, '=', j - i);
			size_t kl = eq ? (size_t)(eq - (s + i)) : j - i;
			if (kv->n >= WEB_MAX_PARAMS || decode(s + i, kl, &k) < 0 ||
			    (eq && decode(eq + 1, (size_t)(s + j - eq - 1), &v) < 0)) {
				rc = -1;
				break;
			}
			if (!eq)
				buf_reset(&v);
			if (memchr(buf_str(&k), '\0', k.len) || memchr(buf_str(&v), '\0', v.len) ||
			    !utf8_valid(buf_str(&k), k.len) || !utf8_valid(buf_str(&v), v.len)) {
				rc = -1;
				break;
			}
			web_kvs_add(kv, buf_str(&k), k.len, buf_str(&v), v.len);
		}
		i = j + 1;
	}
	buf_free(&k);
	buf_free(&v);
	return rc;
}

void web_parse_cookies(const char *s, struct web_kvs *kv)
{
	if (!s)
		return;
	while (*s && kv->n < 64) {
		while (*s == ' ' || *s == ';')
			s++;
		const char *k = s;
		while (*s && *s != '=' && *s != ';')
			s++;
		size_t kl = (size_t)(s - k);
		const char *v = "";
		size_t vl = 0;
		if (*s == '=') {
			v = ++s;
			while (*s && *s != ';')
				s++;
			vl = (size_t)(s - v);
		}
		while (kl && k[kl - 1] == ' ')
			kl--;
		if (kl && kl < 128 && vl < 4096)
			web_kvs_add(kv, k, kl, v, vl);
	}
}

const char *web_header(const struct web_req *r, const char *name)
{
	return web_kv_get(&r->headers, name);
}

const char *web_param(const struct web_req *r, const char *key)
{
	const char *v = web_kv_get(&r->query, key);
	return v ? v : web_kv_get(&r->form, key);
}

void web_req_free(struct web_req *r)
{
	free(r->path);
	free(r->body);
	web_kvs_free(&r->query);
	web_kvs_free(&r->form);
	web_kvs_free(&r->cookies);
	web_kvs_free(&r->headers);
	memset(r, 0, sizeof *r);
}
