/*
 * web_ctx.c - one store connection per server thread.
 *
 * libmicrohttpd runs handlers on its pool threads; each thread opens its own
 * connection on first use and keeps it (thread-local, so nothing is shared
 * between threads and no lock is needed).
 */
#include <stdlib.h>

#include "web.h"

static _Thread_local struct store *tls_store;

struct store *web_thread_store(const struct web_app *app, char *err, size_t errlen)
{
	if (tls_store)
		return tls_store;
	if (store_open(app->db_uri, false, &tls_store, err, errlen) < 0) {
		tls_store = NULL;
		return NULL;
	}
	return tls_store;
}
