/*
 * web_routes.c - the route table.  Add a route here with the permission it
 * needs; the router (web_router.c) enforces it before the handler runs.
 * docs/api.md and the authorisation test walk this table.
 */
#include "web_routes.h"

const struct web_route web_routes_core[] = {
    /* public pages */
    {"GET", "/", page_home, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/swv/{}", page_swv, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/school/{}", page_school, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/static/{}", page_static, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/healthz", page_healthz, PERM_PUBLIC, SCOPE_NONE},
    /* JSON API, rendered from the same view data as the pages */
    {"GET", "/api/v1/schools", api_schools, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/api/v1/schools/{}", api_school, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/api/v1/taxonomy", api_taxonomy, PERM_PUBLIC, SCOPE_NONE},
    {NULL, NULL, NULL, PERM_PUBLIC, SCOPE_NONE},
};

const struct web_route *const web_route_tables[] = {web_routes_core, web_routes_finder, web_routes_admin,
                                                    NULL};

const char *web_perm_str(enum web_perm p)
{
	switch (p) {
	case PERM_PUBLIC: return "public";
	case PERM_LOGIN: return "login";
	case PERM_SCHOOL_READ: return "school_read";
	case PERM_SCHOOL_EDIT: return "school_edit";
	case PERM_MR_ADVICE: return "mr_advice";
	case PERM_BOARD_SET: return "board_set";
	case PERM_SWV_STAFF: return "swv_staff";
	case PERM_ADMIN: return "admin";
	}
	return "?";
}
