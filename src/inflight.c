/* The held read: dm-delay (drivers/md/dm-delay.c) keeps every read it maps for IF_GATE_MS,
 * and flushes all it holds when the device is suspended (delay_presuspend), so suspend +
 * resume releases the read at a point of our choosing. The read is submitted through io_uring;
 * the device does not take REQ_NOWAIT, so io_uring issues it from an io-wq worker, which pins
 * the pages (bio_iov_iter_get_pages) and submits the bio: the table status's count of held
 * reads says when that has happened. The gate is removed when its last opener closes it
 * (DM_DEFERRED_REMOVE), and a dead process's held read is let go after IF_GATE_MS anyway. */
#define _GNU_SOURCE
#include "inflight.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <linux/dm-ioctl.h>
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#define IF_GATE_MS 600000u

static uint64_t if_now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

static void if_sleep_ms(unsigned ms) {
  struct timespec t = {0, (long)ms * 1000000L};
  nanosleep(&t, NULL);
}

/* One device-mapper ioctl on the gate; `extra` goes after the header. 0 or -errno. */
static int if_dm(const char *name, unsigned long cmd, uint32_t flags, const void *extra,
                 size_t extra_len, char *out, size_t out_len, uint64_t *dev) {
  union {
    struct dm_ioctl io;
    char buf[16384];
  } u;
  int ctl, rc = 0;
  if (extra_len > sizeof u.buf - sizeof u.io) return -EINVAL;
  memset(&u, 0, sizeof u);
  u.io.version[0] = DM_VERSION_MAJOR;
  u.io.data_size = sizeof u;
  u.io.data_start = sizeof u.io;
  u.io.flags = flags;
  u.io.target_count = extra_len ? 1 : 0;
  snprintf(u.io.name, sizeof u.io.name, "%s", name);
  if (extra_len) memcpy(u.buf + sizeof u.io, extra, extra_len);
  ctl = open("/dev/mapper/control", O_RDWR | O_CLOEXEC);
  if (ctl < 0) return -errno;
  if (ioctl(ctl, cmd, &u.io) != 0) rc = -errno;
  close(ctl);
  if (rc == 0 && dev) *dev = u.io.dev;
  if (rc == 0 && out && u.io.target_count) {
    /* the status string follows the target spec */
    const char *st = u.buf + u.io.data_start + sizeof(struct dm_target_spec);
    snprintf(out, out_len, "%s", st);
  }
  return rc;
}

#define IF_MAX_GATES 64 /* gates one process makes */

void if_release_gates(int pid) {
  int seq;
  for (seq = 0; seq < IF_MAX_GATES; seq++) {
    char name[64];
    snprintf(name, sizeof name, "daxprop-gate-%d-%d", pid, seq);
    if (if_dm(name, DM_DEV_SUSPEND, DM_SUSPEND_FLAG, NULL, 0, NULL, 0, NULL) == 0) {
      if_dm(name, DM_DEV_SUSPEND, 0, NULL, 0, NULL, 0, NULL);
    }
  }
}

/* The gate, named `name` (held reads: daxprop-gate-PID-N, which if_release_gates finds). */
static int if_gate_open_named(struct if_state *s, const char *name) {
  struct stat st;
  struct {
    struct dm_target_spec spec;
    char params[128];
  } t;
  uint64_t dev = 0;
  char path[64];
  int rc;
  if (fstat(s->od->bdev, &st) != 0) return -errno;
  snprintf(s->name, sizeof s->name, "%s", name);
  memset(&t, 0, sizeof t);
  t.spec.sector_start = 0;
  t.spec.length = OD_SIZE / 512;
  snprintf(t.spec.target_type, sizeof t.spec.target_type, "delay");
  snprintf(t.params, sizeof t.params, "%u:%u 0 %u", major(st.st_rdev), minor(st.st_rdev), IF_GATE_MS);
  rc = if_dm(s->name, DM_DEV_CREATE, 0, NULL, 0, NULL, 0, &dev);
  if (rc < 0) return rc;
  rc = if_dm(s->name, DM_TABLE_LOAD, 0, &t, sizeof t, NULL, 0, NULL);
  if (rc == 0) rc = if_dm(s->name, DM_DEV_SUSPEND, 0, NULL, 0, NULL, 0, NULL); /* resume */
  if (rc == 0) {
    snprintf(path, sizeof path, "/dev/dm-%u", minor((dev_t)dev));
    s->gate = open(path, O_RDWR | O_DIRECT | O_CLOEXEC);
    if (s->gate < 0) rc = -errno;
  }
  /* Gone when the last opener closes it, however this process ends. */
  if (if_dm(s->name, DM_DEV_REMOVE, DM_DEFERRED_REMOVE, NULL, 0, NULL, 0, NULL) < 0 && rc == 0) {
    rc = -EIO;
  }
  return rc;
}

static int if_gate_open(struct if_state *s) {
  static int seq;
  char name[64];
  if (seq >= IF_MAX_GATES) return -EMFILE;
  snprintf(name, sizeof name, "daxprop-gate-%d-%d", (int)getpid(), seq++);
  return if_gate_open_named(s, name);
}

void if_init(struct if_state *s, struct od_dev *od) {
  memset(s, 0, sizeof *s);
  s->od = od;
  s->gate = -1;
}

int if_gate_probe(struct od_dev *od) {
  struct if_state s;
  int rc;
  static int seq;
  char name[64];
  /* A name of its own: it holds nothing, and the held reads' numbers stay free. */
  snprintf(name, sizeof name, "daxprop-probe-%d-%d", (int)getpid(), seq++);
  if_init(&s, od);
  rc = if_gate_open_named(&s, name);
  if_close(&s);
  return rc;
}

/* The read's completion if there is one: 1 (res set), 0 (none yet). */
static int if_reap(struct if_state *s, ssize_t *res) {
  struct io_uring_cqe *cqe = NULL;
  if (io_uring_peek_cqe((struct io_uring *)s->ring, &cqe) != 0 || !cqe) return 0;
  *res = cqe->res;
  io_uring_cqe_seen((struct io_uring *)s->ring, cqe);
  return 1;
}

static void if_ring_free(struct if_state *s) {
  io_uring_queue_exit((struct io_uring *)s->ring);
  free(s->ring);
  s->ring = NULL;
}

ssize_t if_hold_read(struct if_state *s, void *dst, const void *src, uint64_t len) {
  struct io_uring_sqe *sqe;
  ssize_t res = 0;
  uint64_t start;
  int rc;
  if (s->ring || len > IF_MAX_LEN) return -EINVAL;
  if (s->gate < 0 && (rc = if_gate_open(s)) < 0) return rc;
  if (pwrite(s->od->backing, src, len, IF_SRC_OFF) != (ssize_t)len) return -EIO;
  s->ring = calloc(1, sizeof(struct io_uring));
  if (!s->ring) return -ENOMEM;
  rc = io_uring_queue_init(4, (struct io_uring *)s->ring, 0);
  if (rc < 0) {
    free(s->ring);
    s->ring = NULL;
    return rc;
  }
  sqe = io_uring_get_sqe((struct io_uring *)s->ring);
  io_uring_prep_read(sqe, s->gate, dst, (unsigned)len, IF_SRC_OFF);
  rc = io_uring_submit((struct io_uring *)s->ring);
  if (rc < 0) {
    if_ring_free(s);
    return rc;
  }
  /* Held once the gate counts it (the pages are pinned before the bio is submitted);
   * a read refused before that completes with its error. */
  start = if_now_ms();
  for (;;) {
    char st[64] = "";
    unsigned reads = 0;
    if (if_reap(s, &res)) {
      if_ring_free(s);
      return res;
    }
    if (if_dm(s->name, DM_TABLE_STATUS, 0, NULL, 0, st, sizeof st, NULL) == 0 &&
        sscanf(st, "%u", &reads) == 1 && reads > 0) {
      return 0;
    }
    if (if_now_ms() - start > IF_TIMEOUT_MS) return -ETIMEDOUT;
    if_sleep_ms(1);
  }
}

static void *if_held_main(void *arg) {
  struct if_held *h = arg;
  int rc = h->kind == 1 ? ftruncate(h->fd, (off_t)h->a)
                        : fallocate(h->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)h->a,
                                    (off_t)h->b);
  h->rc = rc == 0 ? 0 : -errno;
  __atomic_store_n(&h->done, 1, __ATOMIC_RELEASE);
  return NULL;
}

int if_run(struct if_state *s, int kind, int fd, uint64_t a, uint64_t b) {
  struct if_held *h;
  uint64_t start = if_now_ms();
  if (s->n_held == (int)(sizeof s->held / sizeof s->held[0])) return -EBUSY;
  h = &s->held[s->n_held];
  memset(h, 0, sizeof *h);
  h->kind = kind;
  h->fd = fd;
  h->a = a;
  h->b = b;
  if (pthread_create(&h->thread, NULL, if_held_main, h) != 0) return -EAGAIN;
  while (if_now_ms() - start < IF_HOLD_MS) {
    if (__atomic_load_n(&h->done, __ATOMIC_ACQUIRE)) {
      pthread_join(h->thread, NULL);
      return h->rc;
    }
    if_sleep_ms(1);
  }
  s->n_held++;
  return 1;
}

ssize_t if_release(struct if_state *s) {
  ssize_t res = -ENOENT;
  uint64_t start = if_now_ms();
  int i, rc;
  if (!s->ring) return -ENOENT;
  /* Suspend flushes what the gate holds (and waits for it); resume opens it again. */
  rc = if_dm(s->name, DM_DEV_SUSPEND, DM_SUSPEND_FLAG, NULL, 0, NULL, 0, NULL);
  if (rc == 0) rc = if_dm(s->name, DM_DEV_SUSPEND, 0, NULL, 0, NULL, 0, NULL);
  while (!if_reap(s, &res)) {
    if (if_now_ms() - start > IF_TIMEOUT_MS) return -ETIMEDOUT;
    if_sleep_ms(1);
  }
  if_ring_free(s);
  for (i = 0; i < s->n_held; i++) {
    while (!__atomic_load_n(&s->held[i].done, __ATOMIC_ACQUIRE)) {
      if (if_now_ms() - start > IF_TIMEOUT_MS) return -ETIMEDOUT;
      if_sleep_ms(1);
    }
    pthread_join(s->held[i].thread, NULL);
    if (s->held[i].rc < 0 && res >= 0) res = s->held[i].rc;
  }
  s->n_held = 0;
  return rc < 0 ? rc : res;
}

void if_close(struct if_state *s) {
  if (s->ring) if_release(s);
  if (s->gate >= 0) close(s->gate);
  s->gate = -1;
}

/* An unnamed file in the backing file's directory: its fd, or -errno. */
static int if_next_to(int obj_fd) {
  char link[64], path[PATH_MAX];
  ssize_t k;
  int fd;
  snprintf(link, sizeof link, "/proc/self/fd/%d", obj_fd);
  k = readlink(link, path, sizeof path - 1);
  if (k < 0) return -errno;
  path[k] = 0;
  fd = open(dirname(path), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  return fd < 0 ? -errno : fd;
}

ssize_t sibling_write(int obj_fd, int *sib_fd, const void *buf, uint64_t len) {
  ssize_t n;
  if (*sib_fd < 0 && (*sib_fd = if_next_to(obj_fd)) < 0) return *sib_fd;
  if (syncfs(obj_fd) != 0 || ftruncate(*sib_fd, 0) != 0) return -errno;
  n = pwrite(*sib_fd, buf, len, 0);
  return n < 0 ? -errno : n;
}

ssize_t sibling_read(int sib_fd, void *buf, uint64_t len) {
  ssize_t n = pread(sib_fd, buf, len, 0);
  return n < 0 ? -errno : n;
}
