/*
 * routes_finder.c - routes of the public finder, regional overview,
 * comparison, full-text search and exports.
 */
#include "web_routes.h"

const struct web_route web_routes_finder[] = {
    {NULL, NULL, NULL, PERM_PUBLIC, SCOPE_NONE},
};
