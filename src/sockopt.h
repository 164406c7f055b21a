/* SPDX-License-Identifier: ISC */
/*
 * The receiver's opt-in of most send-time mechanisms: an int option
 * turned on (sockopt.c).
 */

#ifndef SOCKOPT_H
#define SOCKOPT_H

int	 sockopt_on(int, int, int);
int	 sockopt_refuse_rights(int);
void	 sockopt_close_now(int);

#endif /* SOCKOPT_H */
