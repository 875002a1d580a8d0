/*
 * routes_admin.c - routes for signed-in users: login, profile editing, the
 * lifecycle (MR advice, vaststellen, publiceren) and administration.
 */
#include "web_routes.h"

const struct web_route web_routes_admin[] = {
    {NULL, NULL, NULL, PERM_PUBLIC, SCOPE_NONE},
};
