/*
 * routes_finder.c - routes of the public finder, regional overview,
 * comparison, full-text search and exports.  All public: they read
 * published data only (see find.h).
 */
#include "page_finder.h"
#include "web_routes.h"

const struct web_route web_routes_finder[] = {
    {"GET", "/zoeken", page_find, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/vergelijk", page_compare, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/overzicht", page_overview_list, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/overzicht/{}", page_overview, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/tekst", page_search, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/export/{}/{}", page_export, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/api/v1/match", api_match, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/api/v1/compare", api_compare, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/api/v1/overview/{}", api_overview, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/api/v1/search", api_search, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/api/v1/openapi.yaml", api_openapi, PERM_PUBLIC, SCOPE_NONE},
    {NULL, NULL, NULL, PERM_PUBLIC, SCOPE_NONE},
};
