/* SPDX-License-Identifier: ISC */
/*
 * The release, in this one place: credcheck -V prints it, and make dist,
 * NEWS, the man page's date and the packages under packaging/ follow it
 * (tests/release.bats holds them to it).
 */

#ifndef VERSION_H
#define VERSION_H

#define CREDCHECK_VERSION	"1.0"

#endif
