/*
 * imp_pdf.c - PDF to text through poppler-utils' pdftotext, run as a child
 * process with CPU and address-space limits and a wall-clock timeout, so a
 * hostile or broken PDF cannot hang or exhaust the importer.
 *
 * `pdftotext -layout` keeps the columns of tick-box grids in place, which
 * the analysis reads by position.
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

enum imp_status imp_pdf_text(const char *data, size_t len, char **out, char *err, size_t errlen)
{
	*out = NULL;
	const char *tmpdir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/passend-pdf-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create a temporary file: %s", strerror(errno));
		return IMP_E_IO;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			unlink(path);
			snprintf(err, errlen, "cannot write a temporary file");
			return IMP_E_IO;
		}
		off += (size_t)w;
	}
	close(fd);

	int po[2], pe[2];
	if (pipe(po) != 0 || pipe(pe) != 0) {
		unlink(path);
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return IMP_E_TOOL;
	}
	pid_t pid = fork();
	if (pid < 0) {
		unlink(path);
		close(po[0]); close(po[1]); close(pe[0]); close(pe[1]);
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return IMP_E_TOOL;
	}
	if (pid == 0) {
		struct rlimit cpu = {IMP_PDF_CPU, IMP_PDF_CPU + 1};
		struct rlimit as = {IMP_PDF_MEM, IMP_PDF_MEM};
		struct rlimit fsz = {IMP_MAX_TEXT * 2, IMP_MAX_TEXT * 2};
		setrlimit(RLIMIT_CPU, &cpu);
		setrlimit(RLIMIT_AS, &as);
		setrlimit(RLIMIT_FSIZE, &fsz);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]); close(po[1]); close(pe[0]); close(pe[1]);
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		execlp("pdftotext", "pdftotext", "-layout", "-enc", "UTF-8", "-q", path, "-", (char *)NULL);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	buf ob = BUF_INIT, eb = BUF_INIT;
	struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
	double deadline = now_s() + IMP_PDF_TIMEOUT;
	bool timed_out = false, too_big = false;
	int open_fds = 2;
	char tmp[65536];
	while (open_fds > 0) {
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
			buf *b = i == 0 ? &ob : &eb;
			if (b->len + (size_t)n > IMP_MAX_TEXT) {
				too_big = true;
				break;
			}
			buf_append(b, tmp, (size_t)n);
		}
		if (too_big)
			break;
	}
	if (timed_out || too_big)
		kill(pid, SIGKILL);
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	unlink(path);
	enum imp_status st = IMP_OK;
	if (timed_out) {
		snprintf(err, errlen, "PDF conversion took longer than %d s and was stopped", IMP_PDF_TIMEOUT);
		st = IMP_E_TOOL;
	} else if (too_big) {
		snprintf(err, errlen, "PDF text is larger than %u MB", IMP_MAX_TEXT >> 20);
		st = IMP_E_TOO_LARGE;
	} else if (WIFSIGNALED(status)) {
		snprintf(err, errlen, "PDF converter was killed (signal %d): CPU or memory limit", WTERMSIG(status));
		st = IMP_E_TOOL;
	} else if (WEXITSTATUS(status) == 127) {
		snprintf(err, errlen, "pdftotext is not installed (Debian package poppler-utils)");
		st = IMP_E_TOOL;
	} else if (WEXITSTATUS(status) != 0) {
		const char *msg = buf_str(&eb);
		if (strstr(msg, "ncorrect password") || strstr(msg, "ncrypt") ||
		    (has_bytes(data, len, "/Encrypt") && WEXITSTATUS(status) == 1 && ob.len == 0)) {
			snprintf(err, errlen, "the PDF is password-protected");
			st = IMP_E_ENCRYPTED;
		} else {
			snprintf(err, errlen, "the PDF is damaged (pdftotext exit %d)", WEXITSTATUS(status));
			st = IMP_E_CORRUPT;
		}
	}
	buf_free(&eb);
	if (st != IMP_OK) {
		buf_free(&ob);
		return st;
	}
	if (!utf8_valid(buf_str(&ob), ob.len)) {
		buf_free(&ob);
		snprintf(err, errlen, "PDF converter produced invalid UTF-8");
		return IMP_E_CORRUPT;
	}
	/* page breaks become line breaks so evidence lines count naturally */
	for (size_t i = 0; i < ob.len; i++)
		if (ob.data[i] == '\f')
			ob.data[i] = '\n';
	*out = buf_detach(&ob);
	return IMP_OK;
}
