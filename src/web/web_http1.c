/*
 * web_http1.c - the one-request mode behind `passend http`: parse one
 * HTTP/1.x request from a stream, answer it through the same router as the
 * server, and write the response.  No Date header, so output is
 * deterministic for golden tests (cgit's CGI mode is the model).
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "web.h"
#include "web_auth.h"

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Status";
	}
}

static void write_response(FILE *out, const struct web_req *req, const struct web_resp *r)
{
	fprintf(out, "HTTP/1.1 %d %s\r\n", r->status, reason(r->status));
	if (r->status != 304 && r->status != 204)
		fprintf(out, "Content-Type: %s\r\nContent-Length: %zu\r\n", r->content_type, r->body.len);
	for (size_t i = 0; i < r->headers.n; i++)
		fprintf(out, "%s: %s\r\n", r->headers.v[i].key, r->headers.v[i].value);
	fputs("\r\n", out);
	if (strcmp(req->method, "HEAD") != 0 && r->body.len)
		fwrite(r->body.data, 1, r->body.len, out);
}

int web_req_set_target(struct web_req *req, const char *target)
{
	size_t tl = strlen(target);
	if (tl == 0 || tl > WEB_MAX_URL || target[0] != '/')
		return 400;
	const char *q = strchr(target, '?');
	size_t pl = q ? (size_t)(q - target) : tl;
	/* Decode the path strictly: %2F stays forbidden so "/school/a%2F.." cannot
	 * change the route, and the result must be UTF-8 without NUL. */
	buf p = BUF_INIT;
	for (size_t i = 0; i < pl; i++) {
		char ch = target[i];
		if (ch == '%') {
			if (i + 2 >= pl || !isxdigit((unsigned char)target[i + 1]) ||
			    !isxdigit((unsigned char)target[i + 2])) {
				buf_free(&p);
				return 400;
			}
			char hex[3] = {target[i + 1], target[i + 2], 0};
			ch = (char)strtol(hex, NULL, 16);
			i += 2;
			if (ch == '/' || ch == '\0' || ch == '\\') {
				buf_free(&p);
				return 400;
			}
		}
		buf_putc(&p, ch);
	}
	if (!utf8_valid(buf_str(&p), p.len)) {
		buf_free(&p);
		return 400;
	}
	req->path = buf_detach(&p);
	if (q && web_parse_urlencoded(q + 1, tl - pl - 1, &req->query) < 0)
		return 400;
	return 0;
}

int web_req_parse_body(struct web_req *req)
{
	const char *ct = web_header(req, "content-type");
	if (req->body_len && ct && str_istarts(ct, "application/x-www-form-urlencoded"))
		if (web_parse_urlencoded(req->body, req->body_len, &req->form) < 0)
			return 400;
	return 0;
}

int web_http_once(const struct web_app *app, FILE *in, FILE *out)
{
	struct web_req req;
	memset(&req, 0, sizeof req);
	snprintf(req.remote_addr, sizeof req.remote_addr, "127.0.0.1");
	struct web_resp resp;
	web_resp_init(&resp);
	struct web_ctx ctx = {.app = app};
	int status = 0;
	char line[WEB_MAX_URL + 64];
	char target[WEB_MAX_URL + 16] = "";
	size_t header_bytes = 0;

	if (!fgets(line, sizeof line, in)) {
		status = 400;
		goto answer;
	}
	if (!strchr(line, '\n') && !feof(in)) {
		status = 414; /* request line too long */
		goto answer;
	}
	char method[16], version[16];
	if (sscanf(line, "%15s %4111s %15s", method, target, version) != 3 || strncmp(version, "HTTP/1.", 7) != 0) {
		status = 400;
		goto answer;
	}
	if (strlen(method) >= sizeof req.method) {
		status = 405;
		goto answer;
	}
	memcpy(req.method, method, strlen(method) + 1); /* length checked above */
	while (fgets(line, sizeof line, in)) {
		header_bytes += strlen(line);
		if (header_bytes > WEB_MAX_HEADER_BYTES || req.headers.n >= WEB_MAX_HEADERS ||
		    (!strchr(line, '\n') && !feof(in))) {
			status = 431;
			goto answer;
		}
		str_trim(line);
		if (!*line)
			break;
		char *colon = strchr(line, ':');
		if (!colon || colon == line) {
			status = 400;
			goto answer;
		}
		*colon = '\0';
		for (char *p = line; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		char *val = colon + 1;
		while (*val == ' ' || *val == '\t')
			val++;
		web_kvs_add(&req.headers, line, strlen(line), val, strlen(val));
	}
	const char *cl = web_header(&req, "content-length");
	const char *ct = web_header(&req, "content-type");
	size_t limit = ct && str_istarts(ct, "multipart/form-data") ? WEB_MAX_UPLOAD : WEB_MAX_BODY;
	long n = 0;
	if (cl && !parse_int(cl, 0, LONG_MAX, &n)) {
		status = 400; /* negative or not a number */
		goto answer;
	}
	if ((unsigned long)n > limit) {
		status = 413;
		goto answer;
	}
	if (n > 0) {
		req.body = xmalloc((size_t)n + 1);
		req.body_len = fread(req.body, 1, (size_t)n, in);
		req.body[req.body_len] = '\0';
		if (req.body_len != (size_t)n) {
			status = 400;
			goto answer;
		}
	}
	if ((status = web_req_set_target(&req, target)) != 0)
		goto answer;
	if ((status = web_req_parse_body(&req)) != 0)
		goto answer;
	char err[512];
	ctx.store = web_thread_store(app, err, sizeof err);
	if (!ctx.store) {
		fprintf(stderr, "passend: %s\n", err);
		status = 503;
		goto answer;
	}
	web_handle(&ctx, &req, &resp);
	web_auth_done(&ctx);
	goto write;
answer:
	if (!req.path) /* keep API errors in JSON even when the target was bad */
		req.path = xstrdup(strncmp(target, "/api/", 5) == 0 ? "/api/" : "/");
	web_error(&ctx, &req, &resp, status, "De aanvraag kon niet worden gelezen.");
	web_finish(&ctx, &resp);
write:
	write_response(out, &req, &resp);
	fflush(out);
	web_thread_store_close();
	web_resp_free(&resp);
	web_req_free(&req);
	return 0;
}
