/*
 * page_admin.h - handlers of the authoring and governance pages (issue 5):
 * login/logout (page_login.c), the editor and lifecycle (page_editor.c),
 * publication (page_publish.c) and SWV/audit pages (page_beheer.c).
 * Routes: routes_admin.c.
 */
#ifndef PASSEND_PAGE_ADMIN_H
#define PASSEND_PAGE_ADMIN_H

#include "web.h"

int page_login_form(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_login_post(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_logout(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_logout_all(struct web_ctx *c, struct web_req *req, struct web_resp *resp);

int page_dashboard(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_admin_school(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_admin_year(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_edit_form(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_edit_post(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_new_year(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_import_form(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_import_post(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_facts_form(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_facts_post(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_submit_mr(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_mr_advice(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_board_set(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_publish(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_diff(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_draft_pdf(struct web_ctx *c, struct web_req *req, struct web_resp *resp);

int page_schoolgids(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_parents(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_public_pdf(struct web_ctx *c, struct web_req *req, struct web_resp *resp);

int page_audit(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_swv_admin(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_format(struct web_ctx *c, struct web_req *req, struct web_resp *resp);
int page_format_post(struct web_ctx *c, struct web_req *req, struct web_resp *resp);

#endif
