/*
 * cmd_serve.c - `passend serve` (the web server) and `passend http` (one
 * request on stdin, the response on stdout).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/util.h"
#include "render/tpl.h"
#include "web/web.h"

/* Common set-up: check the database once, load templates. */
static int app_init(struct cli *g, const char *tpl_dir, struct web_app *app)
{
	memset(app, 0, sizeof *app);
	app->db_uri = g->db;
	struct store *s;
	int rc = cli_open_store(g, false, &s);
	if (rc)
		return rc;
	store_close(s);
	char err[512];
	app->tpl = tpl_set_load(tpl_dir, err, sizeof err);
	if (!app->tpl) {
		cli_err("templates: %s", err);
		return EXIT_INPUT;
	}
	app->secure_cookies = getenv("PASSEND_SECURE_COOKIES") != NULL;
	return 0;
}

int cmd_serve(struct cli *g, int argc, char **argv)
{
	long port = 8080, threads = sysconf(_SC_NPROCESSORS_ONLN);
	const char *bind = "127.0.0.1", *tpl_dir = getenv("PASSEND_TEMPLATES");
	if (getenv("PORT") && !parse_int(getenv("PORT"), 1, 65535, &port)) {
		cli_err("PORT must be a number between 1 and 65535");
		return EXIT_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
			if (!parse_int(argv[++i], 1, 65535, &port)) {
				cli_err("--port must be a number between 1 and 65535");
				return EXIT_USAGE;
			}
		} else if (strcmp(argv[i], "--bind") == 0 && i + 1 < argc) {
			bind = argv[++i];
		} else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
			if (!parse_int(argv[++i], 1, 256, &threads)) {
				cli_err("--threads must be a number between 1 and 256");
				return EXIT_USAGE;
			}
		} else if (strcmp(argv[i], "--templates") == 0 && i + 1 < argc) {
			tpl_dir = argv[++i];
		} else {
			cli_err("usage: passend serve [--port N] [--bind ADDR] [--threads N] [--templates DIR]");
			return EXIT_USAGE;
		}
	}
	if (threads < 2)
		threads = 2;
	struct web_app app;
	int rc = app_init(g, tpl_dir, &app);
	if (rc)
		return rc;
	rc = web_serve(&app, bind, (int)port, (int)threads);
	tpl_set_free(app.tpl);
	return rc;
}

int cmd_http(struct cli *g, int argc, char **argv)
{
	const char *tpl_dir = getenv("PASSEND_TEMPLATES");
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--templates") == 0 && i + 1 < argc)
			tpl_dir = argv[++i];
		else {
			cli_err("usage: passend http [--templates DIR] < request");
			return EXIT_USAGE;
		}
	}
	struct web_app app;
	int rc = app_init(g, tpl_dir, &app);
	if (rc)
		return rc;
	web_http_once(&app, stdin, stdout);
	tpl_set_free(app.tpl);
	return EXIT_OK;
}
