/* The kernel stacks of a hang (src/stacks.c): where each task of the hung case sleeps in the
 * kernel, and which other tasks are in uninterruptible sleep: the part of a hang report a
 * kernel developer reads first. C, shared verbatim with the reproducers. */
#ifndef DAXPROP_STACKS_H
#define DAXPROP_STACKS_H

#ifdef __cplusplus
extern "C" {
#endif

/* Every thread of every process in process group `pgid`: "PID/TID COMM state S wchan W" and
 * its kernel stack (/proc/PID/task/TID/stack, root only), then the same for each other task in
 * uninterruptible sleep (D), kernel threads included (a worker the case waits for). A
 * malloc'd text ending in a newline (the caller frees it); NULL if /proc cannot be read. */
char *ks_report(int pgid);

#ifdef __cplusplus
}
#endif

#endif
