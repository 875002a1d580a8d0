/*
 * diff.h - a small line-based diff (longest common subsequence) for
 * comparing section texts of two profile versions.
 */
#ifndef PASSEND_DIFF_H
#define PASSEND_DIFF_H

#include <jansson.h>

#define DIFF_MAX_LINES 1500 /* per side, after trimming common ends */

/* Compare a and b (NULL = empty) line by line.  Returns a new JSON array of
 * {"op": "same"|"add"|"del", "text": line}.  Inputs with more than
 * DIFF_MAX_LINES differing lines are reported as all deleted + all added
 * instead of running the quadratic LCS. */
json_t *diff_lines(const char *a, const char *b);

#endif
