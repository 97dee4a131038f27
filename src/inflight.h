/* A short-term pin held in flight (src/inflight.c): C, shared verbatim with the reproducers.
 *
 * An io_uring O_DIRECT read into user memory pins its pages from submission until the I/O
 * completes (block/fops.c __blkdev_direct_IO_async: bio_iov_iter_get_pages, FOLL_PIN). Here
 * the read goes to a dm-delay device over the scratch loop device (src/odirect.c) that holds
 * it until if_release(): the pin stays in flight, for as long as the ops in between take,
 * however slow the machine. Truncate and punch-hole of a file may then wait for it (fs-dax:
 * ext4/xfs break their DAX layouts first), so they run on a thread while a read is held. */
#ifndef DAXPROP_INFLIGHT_H
#define DAXPROP_INFLIGHT_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#include "odirect.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IF_SRC_OFF (4u << 20)   /* device offset the held read reads from */
#define IF_MAX_LEN (1u << 20)   /* the largest held read (one bio) */
#define IF_HOLD_MS 300          /* a truncate still running after this is held by the pin */
#define IF_TIMEOUT_MS 30000     /* a release or held call that takes longer hangs */

struct if_held {
  pthread_t thread;
  int kind; /* 1: ftruncate(fd, a); 2: fallocate punch-hole (fd, a, b) */
  int fd;
  uint64_t a, b;
  volatile int done;
  int rc; /* 0 or -errno, once done */
};

struct if_state {
  struct od_dev *od; /* the scratch device the gate sits over */
  char name[64];     /* the dm device, "daxprop-gate-PID-N" */
  int gate;          /* the dm device, O_DIRECT; -1: none yet */
  void *ring;        /* struct io_uring of the held read; NULL: none in flight */
  struct if_held held[4];
  int n_held;
};

void if_init(struct if_state *s, struct od_dev *od);
/* Whether a gate can be made over od (made and removed again): 0 or -errno. */
int if_gate_probe(struct od_dev *od);
/* Submits an O_DIRECT read of len bytes (`src` put on the device first) into dst and returns
 * once the read is held in flight (0), or with its result if it completed at once (bytes, or
 * -errno: a refused pin, an unaligned buffer). */
ssize_t if_hold_read(struct if_state *s, void *dst, const void *src, uint64_t len);
/* ftruncate (kind 1, size a) or punch-hole (kind 2, off a, len b) of fd: its result (0 or
 * -errno), or 1 if it is still running after IF_HOLD_MS (it is held; if_release ends it). */
int if_run(struct if_state *s, int kind, int fd, uint64_t a, uint64_t b);
/* Lets the held read complete and waits for it and for every held call: the read's result
 * (bytes or -errno), -ETIMEDOUT if one of them did not end, or the first held call's error. */
ssize_t if_release(struct if_state *s);
/* Releases what is held and removes the gate. */
void if_close(struct if_state *s);
/* Lets go every read held by the gates process `pid` made (it died holding them). */
void if_release_gates(int pid);

/* The sibling file: a file made next to the backing file (O_TMPFILE in its directory), so
 * blocks the backing file frees can go to it. sibling_write syncs the file system (a freed
 * block is reusable once the journal has committed) and writes len bytes from offset 0;
 * sibling_read reads up to len bytes back. Bytes or -errno. */
ssize_t sibling_write(int obj_fd, int *sib_fd, const void *buf, uint64_t len);
ssize_t sibling_read(int sib_fd, void *buf, uint64_t len);

#ifdef __cplusplus
}
#endif

#endif
