/*
 * web_ctx.c - one store connection per server thread.
 *
 * libmicrohttpd runs handlers on its pool threads; each thread opens its own
 * connection on first use and keeps it for the thread's lifetime.  The
 * connection hangs off a pthread key, so nothing is shared between threads,
 * no lock is needed, and the key's destructor closes the connection when a
 * pool thread exits.
 */
#include <pthread.h>
#include <stdlib.h>

#include "web.h"

static pthread_key_t store_key;
static pthread_once_t store_once = PTHREAD_ONCE_INIT;

static void close_store(void *p)
{
	store_close(p);
}

static void make_key(void)
{
	pthread_key_create(&store_key, close_store);
}

struct store *web_thread_store(const struct web_app *app, char *err, size_t errlen)
{
	pthread_once(&store_once, make_key);
	struct store *s = pthread_getspecific(store_key);
	if (s)
		return s;
	if (store_open(app->db_uri, false, &s, err, errlen) < 0)
		return NULL;
	pthread_setspecific(store_key, s);
	return s;
}

void web_thread_store_close(void)
{
	pthread_once(&store_once, make_key);
	struct store *s = pthread_getspecific(store_key);
	if (s) {
		pthread_setspecific(store_key, NULL);
		store_close(s);
	}
}
