/*
 * web_routes.h - the route table: every URL the app answers, with the
 * permission it requires.  The router checks the permission centrally
 * before a handler runs, so a handler can never forget it.
 */
#ifndef PASSEND_WEB_ROUTES_H
#define PASSEND_WEB_ROUTES_H

#include "web.h"

/* What a route requires.  Scoped permissions name the object in the path
 * (see struct web_route.scope) and are checked against the user's roles. */
enum web_perm {
	PERM_PUBLIC = 0,   /* anyone, including anonymous visitors */
	PERM_LOGIN,        /* any signed-in user */
	PERM_SCHOOL_READ,  /* read a school's drafts: its editors, MR, board, SWV staff, admin */
	PERM_SCHOOL_EDIT,  /* edit a school's profile: school editor, admin */
	PERM_MR_ADVICE,    /* record the MR's advice: MR member of the school */
	PERM_BOARD_SET,    /* set (vaststellen) and publish: board member of the school's board */
	PERM_SWV_STAFF,    /* SWV staff of the SWV the school/SWV belongs to, admin */
	PERM_ADMIN,        /* administrator */
};

/* Which path parameter identifies the object a scoped permission is about. */
enum web_scope {
	SCOPE_NONE = 0,
	SCOPE_SCHOOL, /* params[0] is a school id */
	SCOPE_SWV,    /* params[0] is an SWV code */
};

typedef int (*web_handler)(struct web_ctx *c, struct web_req *req, struct web_resp *resp);

struct web_route {
	const char *method;  /* "GET", "POST" */
	const char *pattern; /* "/school/{}" - {} matches one path segment */
	web_handler handler;
	enum web_perm perm;
	enum web_scope scope;
};

/* The route tables, one per page group (each terminated by a NULL pattern),
 * and the list the router walks in order (web_routes.c). */
extern const struct web_route web_routes_core[];   /* web_routes.c */
extern const struct web_route web_routes_finder[]; /* routes_finder.c: finder, overview, search, exports */
extern const struct web_route web_routes_admin[];  /* routes_admin.c: login, editing, lifecycle */
extern const struct web_route *const web_route_tables[];

/* Name of a permission for docs and tests ("public", "school_edit", ...). */
const char *web_perm_str(enum web_perm p);

/* Decide whether the context's user may use a route with this permission on
 * the object named by req->params (web_auth.c).  Returns 0 when allowed,
 * 401 when a login is needed, 403 when the user lacks the role. */
int web_authorize(struct web_ctx *c, const struct web_req *req, enum web_perm perm, enum web_scope scope);

/* Handlers (one file per page group). */
int page_home(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_swv(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_school(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_static(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_healthz(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int api_schools(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int api_school(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int api_taxonomy(struct web_ctx *c, struct web_req *req, struct web_resp *resp);

#endif
