/* SPDX-License-Identifier: ISC */
/*
 * Forced into the library sources of the fuzz builds (-include): the
 * descriptors that a fuzzed SCM_RIGHTS or SCM_PIDFD message names are
 * made up, and must not close the fuzzer's own.  See close.c.
 */
int	fuzz_close(int);
void	fuzz_close_guard(int);
#define close	fuzz_close
