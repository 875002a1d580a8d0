/*
 * web_auth.c - sessions and permission checks.
 *
 * This first version knows anonymous visitors only: public routes are open,
 * every other route answers 401, and state-changing requests are refused.
 * Accounts, sessions and roles replace it (see issue "Authoring and
 * governance").
 */
#include "web_auth.h"

#include "web_routes.h"

void web_auth_resolve(struct web_ctx *c, struct web_req *req, struct web_resp *resp)
{
	(void)req;
	(void)resp;
	c->user = NULL;
	c->csrf = NULL;
}

bool web_auth_csrf_ok(struct web_ctx *c, const struct web_req *req)
{
	(void)req;
	return c->csrf != NULL;
}

void web_auth_page_context(struct web_ctx *c, json_t *ctx)
{
	(void)c;
	(void)ctx;
}

void web_auth_done(struct web_ctx *c)
{
	c->user = NULL;
	c->csrf = NULL;
}

int web_authorize(struct web_ctx *c, const struct web_req *req, enum web_perm perm, enum web_scope scope)
{
	(void)req;
	(void)scope;
	if (perm == PERM_PUBLIC)
		return 0;
	return c->user ? 403 : 401;
}
