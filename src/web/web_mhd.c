/*
 * web_mhd.c - the only file that includes libmicrohttpd: it turns MHD's
 * callbacks into struct web_req / web_resp and hands them to the router.
 *
 * Threading: MHD's internal thread pool runs the handlers; each pool thread
 * has its own store connection (web_ctx.c).  Limits: request target and
 * headers are bounded by MHD's per-connection memory limit, bodies by
 * WEB_MAX_BODY (WEB_MAX_UPLOAD for multipart uploads), idle connections time
 * out after 30 seconds.
 */
#include <microhttpd.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "web.h"
#include "web_auth.h"

struct conn_state {
	buf body;
	size_t limit;
	bool too_large;
};

struct kv_collect {
	struct web_req *req;
	buf query;
	bool overflow;
};

/* MHD unescapes URLs by default; we keep them raw so that web_http1.c's
 * strict decoder sees exactly what the client sent (and treats %2F as an
 * error rather than a path separator). */
static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct kv_collect *kc = cls;
	if (kc->req->headers.n >= WEB_MAX_HEADERS) {
		kc->overflow = true;
		return MHD_NO;
	}
	char name[128];
	size_t n = strlen(key);
	if (n >= sizeof name)
		return MHD_YES;
	for (size_t i = 0; i <= n; i++)
		name[i] = (char)tolower((unsigned char)key[i]);
	web_kvs_add(&kc->req->headers, name, n, value ? value : "", value ? strlen(value) : 0);
	return MHD_YES;
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct kv_collect *kc = cls;
	if (kc->query.len)
		buf_putc(&kc->query, '&');
	buf_puts(&kc->query, key);
	if (value) {
		buf_putc(&kc->query, '=');
		buf_puts(&kc->query, value);
	}
	if (kc->query.len > WEB_MAX_URL) {
		kc->overflow = true;
		return MHD_NO;
	}
	return MHD_YES;
}

static enum MHD_Result send_resp(struct MHD_Connection *conn, struct web_resp *r)
{
	size_t len = r->body.len;
	char *data = buf_detach(&r->body);
	struct MHD_Response *m = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (!m) {
		free(data);
		return MHD_NO;
	}
	if (r->status != 304 && r->status != 204)
		MHD_add_response_header(m, "Content-Type", r->content_type);
	for (size_t i = 0; i < r->headers.n; i++)
		MHD_add_response_header(m, r->headers.v[i].key, r->headers.v[i].value);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, m);
	MHD_destroy_response(m);
	return ret;
}

static enum MHD_Result plain_error(struct MHD_Connection *conn, int status, const char *msg)
{
	struct web_resp r;
	web_resp_init(&r);
	r.status = status;
	r.content_type = "text/plain; charset=utf-8";
	buf_puts(&r.body, msg);
	struct web_ctx anon = {0};
	web_finish(&anon, &r);
	enum MHD_Result ret = send_resp(conn, &r);
	web_resp_free(&r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
	(void)version;
	const struct web_app *app = cls;
	struct conn_state *cs = *con_cls;
	if (!cs) {
		cs = xcalloc(1, sizeof *cs);
		const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
		cs->limit = ct && str_istarts(ct, "multipart/form-data") ? WEB_MAX_UPLOAD : WEB_MAX_BODY;
		*con_cls = cs;
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		long n;
		if (cl && parse_int(cl, 0, 1L << 40, &n) && (size_t)n > cs->limit) {
			cs->too_large = true;
			return plain_error(conn, 413, "Het verzoek is te groot.\n");
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!cs->too_large) {
			if (cs->body.len + *upload_data_size > cs->limit)
				cs->too_large = true;
			else
				buf_append(&cs->body, upload_data, *upload_data_size);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (cs->too_large)
		return plain_error(conn, 413, "Het verzoek is te groot.\n");

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct web_req req;
	memset(&req, 0, sizeof req);
	struct web_resp resp;
	web_resp_init(&resp);
	struct web_ctx ctx = {.app = app};
	if (strlen(method) >= sizeof req.method)
		return plain_error(conn, 405, "Methode niet toegestaan.\n");
	snprintf(req.method, sizeof req.method, "%s", method);
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, req.remote_addr,
			          sizeof req.remote_addr);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, req.remote_addr,
			          sizeof req.remote_addr);
	}
	struct kv_collect kc = {.req = &req};
	MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_header, &kc);
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_arg, &kc);
	int status = kc.overflow ? 431 : 0;
	if (!status) {
		buf target = BUF_INIT;
		buf_puts(&target, url);
		if (kc.query.len) {
			buf_putc(&target, '?');
			buf_append(&target, kc.query.data, kc.query.len);
		}
		status = web_req_set_target(&req, buf_str(&target));
		buf_free(&target);
	}
	buf_free(&kc.query);
	if (!status && cs->body.len) {
		req.body_len = cs->body.len;
		req.body = buf_detach(&cs->body);
		status = web_req_parse_body(&req);
	}
	char err[512];
	if (!status && !(ctx.store = web_thread_store(app, err, sizeof err))) {
		fprintf(stderr, "passend: %s\n", err);
		status = 503;
	}
	if (!req.path)
		req.path = xstrdup("/");
	if (status) {
		web_error(&ctx, &req, &resp, status, "De aanvraag kon niet worden verwerkt.");
		web_finish(&ctx, &resp);
	} else
		web_handle(&ctx, &req, &resp);
	web_auth_done(&ctx);
	enum MHD_Result ret = send_resp(conn, &resp);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (getenv("PASSEND_ACCESS_LOG"))
		fprintf(stderr, "%s %s %s %d %.2fms\n", req.remote_addr, req.method, req.path, resp.status,
		        (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	web_resp_free(&resp);
	web_req_free(&req);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct conn_state *cs = *con_cls;
	if (cs) {
		buf_free(&cs->body);
		free(cs);
		*con_cls = NULL;
	}
}

int web_serve(const struct web_app *app, const char *bind_addr, int port, int threads)
{
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, bind_addr, &sa.sin_addr) != 1) {
		fprintf(stderr, "passend: '%s' is not an IPv4 address\n", bind_addr);
		return 2;
	}
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* pool threads inherit the mask */
	signal(SIGPIPE, SIG_IGN);
	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, (uint16_t)port, NULL, NULL, on_request, (void *)app,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
	    MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, 1000u,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, 0u, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
	    MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "passend: cannot listen on %s:%d (is the port in use?)\n", bind_addr, port);
		return 1;
	}
	fprintf(stderr, "passend: listening on http://%s:%d/\n", bind_addr, port);
	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "passend: stopping\n");
	MHD_stop_daemon(d);
	return 0;
}
