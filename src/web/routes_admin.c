/*
 * routes_admin.c - routes for signed-in users: login, profile editing, the
 * lifecycle (MR advice, vaststellen, publiceren) and administration; plus
 * the public publication pages (schoolgids chapter, parent summary, PDFs).
 *
 * SCOPE_SCHOOL routes carry the school key (BRIN + vestiging, "31QX00") in
 * params[0]; year routes carry the school year as "2026-2027" in params[1].
 * Literal routes come before {} routes with the same prefix: the router
 * takes the first match.
 */
#include "page_admin.h"
#include "web_routes.h"

const struct web_route web_routes_admin[] = {
    {"GET", "/login", page_login_form, PERM_PUBLIC, SCOPE_NONE},
    {"POST", "/login", page_login_post, PERM_PUBLIC, SCOPE_NONE},
    {"POST", "/uitloggen", page_logout, PERM_LOGIN, SCOPE_NONE},
    {"POST", "/uitloggen-overal", page_logout_all, PERM_LOGIN, SCOPE_NONE},
    /* publication (public: published versions only) */
    {"GET", "/school/{}/schoolgids", page_schoolgids, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/school/{}/ouders", page_parents, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/school/{}/profiel.pdf", page_public_pdf, PERM_PUBLIC, SCOPE_NONE},
    {"GET", "/school/{}/ouders.pdf", page_public_pdf, PERM_PUBLIC, SCOPE_NONE},
    /* signed-in pages */
    {"GET", "/beheer", page_dashboard, PERM_LOGIN, SCOPE_NONE},
    {"GET", "/beheer/audit", page_audit, PERM_SWV_STAFF, SCOPE_NONE},
    {"GET", "/beheer/swv/{}", page_swv_admin, PERM_SWV_STAFF, SCOPE_SWV},
    {"GET", "/beheer/swv/{}/formaat/{}", page_format, PERM_SWV_STAFF, SCOPE_SWV},
    {"POST", "/beheer/swv/{}/formaat/{}", page_format_post, PERM_SWV_STAFF, SCOPE_SWV},
    {"GET", "/beheer/school/{}", page_admin_school, PERM_SCHOOL_READ, SCOPE_SCHOOL},
    {"GET", "/beheer/school/{}/verschil", page_diff, PERM_SCHOOL_READ, SCOPE_SCHOOL},
    {"POST", "/beheer/school/{}/nieuw-jaar", page_new_year, PERM_SCHOOL_EDIT, SCOPE_SCHOOL},
    {"GET", "/beheer/school/{}/import", page_import_form, PERM_SCHOOL_EDIT, SCOPE_SCHOOL},
    {"POST", "/beheer/school/{}/import", page_import_post, PERM_SCHOOL_EDIT, SCOPE_SCHOOL},
    {"GET", "/beheer/school/{}/{}", page_admin_year, PERM_SCHOOL_READ, SCOPE_SCHOOL},
    {"GET", "/beheer/school/{}/{}/bewerken", page_edit_form, PERM_SCHOOL_EDIT, SCOPE_SCHOOL},
    {"POST", "/beheer/school/{}/{}/bewerken", page_edit_post, PERM_SCHOOL_EDIT, SCOPE_SCHOOL},
    {"GET", "/beheer/school/{}/{}/feiten", page_facts_form, PERM_SCHOOL_EDIT, SCOPE_SCHOOL},
    {"POST", "/beheer/school/{}/{}/feiten", page_facts_post, PERM_SCHOOL_EDIT, SCOPE_SCHOOL},
    {"POST", "/beheer/school/{}/{}/ter-advies", page_submit_mr, PERM_SCHOOL_EDIT, SCOPE_SCHOOL},
    {"POST", "/beheer/school/{}/{}/advies", page_mr_advice, PERM_MR_ADVICE, SCOPE_SCHOOL},
    {"POST", "/beheer/school/{}/{}/vaststellen", page_board_set, PERM_BOARD_SET, SCOPE_SCHOOL},
    {"POST", "/beheer/school/{}/{}/publiceren", page_publish, PERM_BOARD_SET, SCOPE_SCHOOL},
    {"POST", "/beheer/school/{}/{}/publiceren-redactie", page_publish, PERM_SCHOOL_EDIT, SCOPE_SCHOOL},
    {"GET", "/beheer/school/{}/{}/profiel.pdf", page_draft_pdf, PERM_SCHOOL_READ, SCOPE_SCHOOL},
    {"GET", "/beheer/school/{}/{}/ouders.pdf", page_draft_pdf, PERM_SCHOOL_READ, SCOPE_SCHOOL},
    {NULL, NULL, NULL, PERM_PUBLIC, SCOPE_NONE},
};
