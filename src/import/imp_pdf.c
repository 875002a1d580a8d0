/*
 * imp_pdf.c - PDF to text through poppler-utils, run as child processes with
 * CPU and address-space limits and a wall-clock timeout, so a hostile or
 * broken PDF cannot hang or exhaust the importer.
 *
 * `pdftotext -layout` keeps the columns of tick-box grids in place, which
 * the analysis reads by position.  Tick boxes drawn as vector graphics are
 * lost in any text output; imp_pdf_ticks.c recovers them from word
 * positions (`pdftotext -bbox`) and a rendering of the page (`pdftoppm`).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/util.h"
#include "import/imp_priv.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool has_bytes(const char *d, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	return n >= k && memmem(d, n, needle, k) != NULL;
}

int imp_run_limited(char *const argv[], size_t max_out, buf *out, buf *errb, char *err, size_t errlen)
{
	int po[2], pe[2];
	if (pipe(po) != 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	if (pipe(pe) != 0) {
		close(po[0]);
		close(po[1]);
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		close(po[0]); close(po[1]); close(pe[0]); close(pe[1]);
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		struct rlimit cpu = {IMP_PDF_CPU, IMP_PDF_CPU + 1};
		struct rlimit as = {IMP_PDF_MEM, IMP_PDF_MEM};
		struct rlimit fsz = {0, 0}; /* the tools write to the pipe only */
		setrlimit(RLIMIT_CPU, &cpu);
		setrlimit(RLIMIT_AS, &as);
		setrlimit(RLIMIT_FSIZE, &fsz);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]); close(po[1]); close(pe[0]); close(pe[1]);
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
	double deadline = now_s() + IMP_PDF_TIMEOUT;
	bool timed_out = false, too_big = false;
	int open_fds = 2;
	char tmp[65536];
	while (open_fds > 0 && !too_big) {
		int left = (int)((deadline - now_s()) * 1000);
		if (left <= 0) {
			timed_out = true;
			break;
		}
		int r = poll(fds, 2, left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			timed_out = r == 0;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t n = read(fds[i].fd, tmp, sizeof tmp);
			if (n <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
				continue;
			}
			buf *b = i == 0 ? out : errb;
			if (b->len + (size_t)n > (i == 0 ? max_out : 65536u)) {
				if (i == 0) {
					too_big = true;
					break;
				}
				continue; /* drop excess diagnostics */
			}
			buf_append(b, tmp, (size_t)n);
		}
	}
	if (timed_out || too_big)
		kill(pid, SIGKILL);
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out) {
		snprintf(err, errlen, "%s took longer than %d s and was stopped", argv[0], IMP_PDF_TIMEOUT);
		return -1;
	}
	if (too_big) {
		snprintf(err, errlen, "%s produced more than %zu MB", argv[0], max_out >> 20);
		return -2;
	}
	if (WIFSIGNALED(status)) {
		snprintf(err, errlen, "%s was killed (signal %d): CPU or memory limit", argv[0], WTERMSIG(status));
		return -1;
	}
	if (WEXITSTATUS(status) == 127) {
		snprintf(err, errlen, "%s is not installed (Debian package poppler-utils)", argv[0]);
		return -1;
	}
	return WEXITSTATUS(status);
}

int imp_temp_file(const char *data, size_t len, char *path, size_t pathlen)
{
	const char *tmpdir = getenv("TMPDIR");
	snprintf(path, pathlen, "%s/passend-pdf-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			unlink(path);
			return -1;
		}
		off += (size_t)w;
	}
	close(fd);
	return 0;
}

enum imp_status imp_pdf_text(const char *data, size_t len, char **out, char *err, size_t errlen)
{
	*out = NULL;
	char path[512];
	if (imp_temp_file(data, len, path, sizeof path) != 0) {
		snprintf(err, errlen, "cannot write a temporary file: %s", strerror(errno));
		return IMP_E_IO;
	}
	buf ob = BUF_INIT, eb = BUF_INIT;
	char *argv[] = {"pdftotext", "-layout", "-enc", "UTF-8", "-q", path, "-", NULL};
	int rc = imp_run_limited(argv, IMP_MAX_TEXT, &ob, &eb, err, errlen);
	enum imp_status st = IMP_OK;
	if (rc == -1) {
		st = IMP_E_TOOL;
	} else if (rc == -2) {
		st = IMP_E_TOO_LARGE;
	} else if (rc != 0) {
		const char *msg = buf_str(&eb);
		if (strstr(msg, "ncorrect password") || strstr(msg, "ncrypt") ||
		    (has_bytes(data, len, "/Encrypt") && rc == 1 && ob.len == 0)) {
			snprintf(err, errlen, "the PDF is password-protected");
			st = IMP_E_ENCRYPTED;
		} else {
			snprintf(err, errlen, "the PDF is damaged (pdftotext exit %d)", rc);
			st = IMP_E_CORRUPT;
		}
	} else if (!utf8_valid(buf_str(&ob), ob.len)) {
		snprintf(err, errlen, "PDF converter produced invalid UTF-8");
		st = IMP_E_CORRUPT;
	}
	buf_free(&eb);
	if (st != IMP_OK) {
		unlink(path);
		buf_free(&ob);
		return st;
	}
	/* Tick boxes drawn as graphics: recover them where grids need them.
	 * Failure here only means the grids stay ambiguous. */
	char *fixed = imp_pdf_ticks(path, buf_str(&ob));
	unlink(path);
	if (fixed) {
		buf_free(&ob);
		buf_puts(&ob, fixed);
		free(fixed);
	}
	/* page breaks become line breaks so evidence lines count naturally */
	for (size_t i = 0; i < ob.len; i++)
		if (ob.data[i] == '\f')
			ob.data[i] = '\n';
	*out = buf_detach(&ob);
	return IMP_OK;
}
