/*
 * page_finder.h - handlers of the finder, comparison, overview, full-text
 * search, exports and their API (page_finder.c), routed by routes_finder.c.
 * Each has the web_handler signature (web_routes.h).
 */
#ifndef PASSEND_PAGE_FINDER_H
#define PASSEND_PAGE_FINDER_H

#include "web.h"

int page_find(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int api_match(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_compare(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int api_compare(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_overview_list(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_overview(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int api_overview(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_search(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int api_search(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_export(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int api_openapi(struct web_ctx *c, struct web_req *req, struct web_resp *resp);

#endif
