/*
 * clerk.h - what the clerk's correcting verbs share (see clerk.c).
 */
#ifndef BAOCAO_CLERK_H
#define BAOCAO_CLERK_H

#include "app.h"

/* Record corrections of submission s (pairs field, value; the values already checked
 * with correct_check), log the event, then read the file again with them and redo the
 * batch checks, so that status, export and findings show them at once; the outbox
 * follows on the next run. Returns an exit status and prints what failed. */
int app_correct_and_reread(App *app, const Submission *s, const char *const *pairs,
                           const char *note, const char *event);

/* The login of the person at the keyboard, for the record of a correction. */
const char *app_who(void);

#endif
