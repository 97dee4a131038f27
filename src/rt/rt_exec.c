/* Carrying ops out: daxprop's executor (src/executor.cc) and every reproducer run this code.
 * A reproducer leaves out what its trace does not use (RT_NO_KVM, RT_NO_ODIRECT, RT_NO_GUP,
 * RT_NO_HOLD) and so the helpers and libraries those need. */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef RT_NO_KVM
#include "../kvm_guest.h"
#endif
#if !defined(RT_NO_ODIRECT) || !defined(RT_NO_HOLD)
#include "../odirect.h"
#endif
#ifndef RT_NO_GUP
#include "../gup_copy.h"
#endif
#ifndef RT_NO_HOLD
#include "../inflight.h"
#endif

#define RT_KIND_NAME(k) "RT_" #k,
const char *const rt_kind_names[RT_NKINDS] = {RT_KINDS(RT_KIND_NAME)};

const struct rt_via_row rt_vias[RT_NVIAS] = {
    [RT_VIA_IO_URING] = {"io_uring", RT_PATH_IO_URING, 0, 0, 1},
    [RT_VIA_PVM_READ] = {"pvm_read", RT_PATH_GUP, 0 /* GC_PVM_READ */, 1, 0},
    [RT_VIA_PROC_MEM] = {"proc_mem", RT_PATH_GUP, 2 /* GC_PROC_MEM_READ */, 1, 0},
    [RT_VIA_ODIRECT_READ] = {"odirect_read", RT_PATH_ODIRECT, 0, 0, 1},
    [RT_VIA_ODIRECT_WRITE] = {"odirect_write", RT_PATH_ODIRECT, 1, 1, 0},
    [RT_VIA_PVM_WRITE] = {"pvm_write", RT_PATH_GUP, 1 /* GC_PVM_WRITE */, 0, 1},
    [RT_VIA_PROC_MEM_WRITE] = {"proc_mem_write", RT_PATH_GUP, 3 /* GC_PROC_MEM_WRITE */, 0, 1},
    [RT_VIA_VMSPLICE] = {"vmsplice", RT_PATH_GUP, 4 /* GC_VMSPLICE */, 1, 0},
    [RT_VIA_IO_URING_WRITE] = {"io_uring_write", RT_PATH_IO_URING, 1, 1, 0},
};

int rt_op_features(const struct rt_op *op) {
  switch (op->kind) {
    case RT_KVM_SLOT: case RT_KVM_ACCESS: case RT_KVM_DIRTY: return RT_F_KVM;
    case RT_HOLD_READ: case RT_RELEASE: case RT_SIB_WRITE: case RT_SIB_READ: return RT_F_HOLD;
    case RT_PIN:
      if (op->arg < 0 || op->arg >= RT_NVIAS) return 0;
      return rt_vias[op->arg].path == RT_PATH_ODIRECT ? RT_F_ODIRECT : RT_F_GUP;
    default: return 0;
  }
}

void rt_outcome_free(struct rt_outcome *o) {
  free(o->data);
  free(o->faults);
  free(o->dirty);
  o->data = NULL;
  o->faults = NULL;
  o->dirty = NULL;
}

void rt_ctx_init(struct rt_ctx *c, int fd, uint64_t obj_base, uint64_t unit) {
  memset(c, 0, sizeof *c);
  c->fd = fd;
  c->obj_base = obj_base;
  c->unit = unit ? unit : 4096;
  c->sib_fd = -1;
}

void rt_ctx_close(struct rt_ctx *c) {
  int h, p;
  /* The case's pins go first (the held read, the KVM guest), then its mappings. */
#ifndef RT_NO_HOLD
  if (c->ifs) { if_close(c->ifs); free(c->ifs); c->ifs = NULL; }
#endif
#ifndef RT_NO_KVM
  if (c->kvm) { kg_close(c->kvm); free(c->kvm); c->kvm = NULL; }
#endif
#if !defined(RT_NO_ODIRECT) || !defined(RT_NO_HOLD)
  if (c->od) { od_close(c->od); free(c->od); c->od = NULL; }
#endif
  if (c->sib_fd >= 0) { close(c->sib_fd); c->sib_fd = -1; }
  for (h = 0; h < RT_MAX_HANDLES; h++) {
    if (c->maps[h]) munmap(c->maps[h], c->lens[h]);
    c->maps[h] = NULL;
  }
  if (c->is_peer) return;
  for (p = 0; p < RT_MAX_PEERS; p++) {
    if (!c->peers[p].pid) continue;
    kill(c->peers[p].pid, SIGKILL);
    waitpid(c->peers[p].pid, NULL, 0);
    close(c->peers[p].to);
    close(c->peers[p].from);
    c->peers[p].pid = 0;
  }
}

uint8_t *rt_addr(const struct rt_ctx *c, int h) {
  if (h >= 0 && h < RT_MAX_HANDLES && c->maps[h]) return c->maps[h];
  return (uint8_t *)(uintptr_t)(RT_SLOT_BASE + (uint64_t)h * RT_SLOT_STRIDE);
}

static uint64_t rt_round_up(uint64_t v, uint64_t unit) { return (v + unit - 1) / unit * unit; }

static void rt_error(struct rt_outcome *o, int err) {
  o->kind = RT_ERR;
  o->err = err;
}
/* A syscall's return: -1 with errno is an error; else, with `count`, the bytes it moved. */
static void rt_sys(struct rt_outcome *o, long rc, int count) {
  if (rc < 0) { rt_error(o, errno); return; }
  if (count) { o->has_n = 1; o->n = (uint64_t)rc; }
}
/* A helper's return: -errno, or the bytes it moved. */
__attribute__((unused)) static void rt_neg(struct rt_outcome *o, long rc) {
  if (rc < 0) { rt_error(o, (int)-rc); return; }
  o->has_n = 1;
  o->n = (uint64_t)rc;
}
static void rt_signal(struct rt_outcome *o, const struct rt_fault *f, const uint8_t *base) {
  o->kind = RT_SIG;
  o->sig = f->sig;
  o->code = f->code;
  o->lsb = f->lsb;
  o->fault_off = (f->addr & ~(uintptr_t)4095) - (uintptr_t)base;
}
static uint8_t *rt_buf(uint64_t len) { return malloc(len ? len : 1); }
/* The bytes of buf[0, n) become the outcome's data (buf is the outcome's now). */
static void rt_give(struct rt_outcome *o, uint8_t *buf, uint64_t n) {
  o->has_data = 1;
  o->data = buf;
  o->data_len = n;
}

/* Copy through a mapping a page at a time; a fault stops it on a page boundary. */
static void rt_access(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o, int write) {
  uint8_t *base = rt_addr(c, op->h), *buf = rt_buf(op->len);
  struct rt_fault f;
  uint64_t done;
  if (write) rt_pattern_fill(op->pat, 0, buf, op->len);
  done = rt_guarded_copy(base + op->off, buf, op->len, write, &f);
  if (f.sig) rt_signal(o, &f, base);
  if (write) free(buf);
  else rt_give(o, buf, done);
}

static void rt_probe_op(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  uint8_t *base = rt_addr(c, op->h);
  struct rt_fault f;
  /* Room for every unit up front: growing the array inside the loop could fault. */
  o->faults = malloc(rt_probe_units(base + op->off, op->len) * sizeof *o->faults);
  o->n_faults = rt_probe(base + op->off, op->len, op->arg, o->faults, &f);
  if (f.sig) {
    rt_signal(o, &f, base);
    o->n_faults = 0;
  }
}

static void rt_map(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  const int anon = (op->flags & MAP_ANONYMOUS) != 0;
  void *hint = (void *)(uintptr_t)(RT_SLOT_BASE + (uint64_t)op->h * RT_SLOT_STRIDE + op->a);
  void *p = mmap(hint, op->len, op->prot, (int)op->flags, anon ? -1 : c->fd,
                 (off_t)(op->off + (anon ? 0 : c->obj_base)));
  if (p == MAP_FAILED) { rt_error(o, errno); return; }
  if (op->h < 0 || op->h >= RT_MAX_HANDLES) { munmap(p, op->len); rt_error(o, EBADF); return; }
  c->maps[op->h] = p;
  c->lens[op->h] = rt_round_up(op->len, c->unit);
}

static void rt_mremap(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  const int h = op->h;
  uint64_t old_len;
  void *p;
  if (h < 0 || h >= RT_MAX_HANDLES) { rt_error(o, EBADF); return; }
  old_len = op->b ? op->b : c->lens[h];
  if (op->arg) {
    void *target = (void *)(uintptr_t)(RT_MOVE_BASE + (uint64_t)(c->moves++) * RT_SLOT_STRIDE);
    p = mremap(c->maps[h], old_len, op->a, MREMAP_MAYMOVE | MREMAP_FIXED, target);
  } else {
    p = mremap(c->maps[h], old_len, op->a, MREMAP_MAYMOVE);
  }
  if (p == MAP_FAILED) { rt_error(o, errno); return; }
  c->maps[h] = p;
  c->lens[h] = rt_round_up(op->a, 4096);
}

static void rt_madvise_op(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  /* memory_failure signals the caller (force_sig_mceerr) before madvise(MADV_HWPOISON)
   * returns: observed like a fault of an access. */
  uint8_t *base = rt_addr(c, op->h);
  struct rt_fault f;
  long rc = rt_guarded_madvise(base + op->off, op->len, op->arg, &f);
  if (f.sig) rt_signal(o, &f, base);
  else rt_sys(o, rc, 0);
}

static void rt_pwrite_op(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  uint8_t *buf = rt_buf(op->len);
  rt_pattern_fill(op->pat, 0, buf, op->len);
  rt_sys(o, pwrite(c->fd, buf, op->len, (off_t)(op->off + c->obj_base)), 1);
  free(buf);
}

static void rt_pread_op(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  uint8_t *buf = rt_buf(op->len);
  ssize_t n = pread(c->fd, buf, op->len, (off_t)(op->off + c->obj_base));
  rt_sys(o, n, 1);
  if (n < 0) free(buf);
  else rt_give(o, buf, (uint64_t)n);
}

#if !defined(RT_NO_ODIRECT) || !defined(RT_NO_HOLD)
/* The scratch block device, opened by the first op that needs it. Missing, it is test
 * equipment missing: setup_error. */
static int rt_od(struct rt_ctx *c, struct rt_outcome *o) {
  int rc;
  if (c->od) return 1;
  c->od = calloc(1, sizeof *c->od);
  rc = od_open(c->od);
  if (rc == 0) return 1;
  od_close(c->od);
  free(c->od);
  c->od = NULL;
  rt_error(o, -rc);
  o->setup_error = 1;
  return 0;
}
#endif

#ifndef RT_NO_ODIRECT
static void rt_pin_odirect(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  const int to_dev = rt_vias[op->arg].method;
  uint8_t *buf, *p = rt_addr(c, op->h) + op->off;
  ssize_t n;
  if (!rt_od(c, o)) return;
  buf = rt_buf(op->len);
  if (!to_dev) {
    rt_pattern_fill(op->pat, 0, buf, op->len);
    n = od_read(c->od, p, buf, op->len);
  } else {
    n = od_write(c->od, p, buf, op->len);
  }
  rt_neg(o, n);
  if (n >= 0 && to_dev) rt_give(o, buf, (uint64_t)n);
  else free(buf);
}
#endif

#ifndef RT_NO_GUP
static void rt_pin_gup(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  const struct rt_via_row *v = &rt_vias[op->arg];
  uint8_t *buf = rt_buf(op->len), *p = rt_addr(c, op->h) + op->off;
  ssize_t n;
  if (v->stores) rt_pattern_fill(op->pat, 0, buf, op->len);
  n = v->path == RT_PATH_IO_URING ? gc_io_uring_fixed(p, buf, op->len, v->method)
                                  : gc_copy(v->method, p, buf, op->len);
  rt_neg(o, n);
  if (n >= 0 && v->reads) rt_give(o, buf, (uint64_t)n);
  else free(buf);
}
#endif

#ifndef RT_NO_HOLD
static void rt_hold_read(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  uint8_t *src;
  ssize_t n;
  if (!c->ifs) {
    int rc;
    if (!rt_od(c, o)) return;
    /* The gate is test equipment, not the kernel under test. */
    rc = c->check_gate ? if_gate_probe(c->od) : 0;
    if (rc < 0) { rt_error(o, -rc); o->setup_error = 1; return; }
    c->ifs = calloc(1, sizeof *c->ifs);
    if_init(c->ifs, c->od);
  }
  src = rt_buf(op->len);
  rt_pattern_fill(op->pat, 0, src, op->len);
  n = if_hold_read(c->ifs, rt_addr(c, op->h) + op->off, src, op->len);
  free(src);
  if (n < 0) { rt_error(o, (int)-n); return; }
  if (!c->ifs->ring) { o->has_n = 1; o->n = (uint64_t)n; } /* completed at once */
}
#endif

#ifndef RT_NO_HOLD
/* The sibling file: it takes the blocks the backing file frees (src/inflight.c). */
static void rt_sibling_write(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  uint8_t *buf = rt_buf(op->len);
  rt_pattern_fill(op->pat, 0, buf, op->len);
  rt_neg(o, sibling_write(c->fd, &c->sib_fd, buf, op->len));
  free(buf);
}

static void rt_sibling_read(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  uint8_t *buf = rt_buf(op->len);
  ssize_t n = c->sib_fd < 0 ? -EBADF : sibling_read(c->sib_fd, buf, op->len);
  rt_neg(o, n);
  if (n >= 0) rt_give(o, buf, (uint64_t)n);
  else free(buf);
}
#endif

/* truncate (a = size) or punch-hole (off, len); with a read held in flight, on a thread: the
 * pin may hold it back, and the case goes on. */
static void rt_layout(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  const int truncate = op->kind == RT_TRUNCATE;
#ifndef RT_NO_HOLD
  if (c->ifs && c->ifs->ring) {
    int rc = truncate ? if_run(c->ifs, 1, c->fd, op->a, 0) : if_run(c->ifs, 2, c->fd, op->off, op->len);
    if (rc < 0) { rt_error(o, -rc); return; }
    o->held = rc == 1;
    return;
  }
#endif
  rt_sys(o, truncate ? ftruncate(c->fd, (off_t)op->a)
                     : fallocate(c->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                                 (off_t)op->off, (off_t)op->len), 0);
}

#ifndef RT_NO_KVM
static int rt_kvm(struct rt_ctx *c, struct rt_outcome *o) {
  int rc;
  if (c->kvm) return 1;
  c->kvm = calloc(1, sizeof *c->kvm);
  rc = kg_open(c->kvm);
  if (rc == 0) return 1;
  kg_close(c->kvm);
  free(c->kvm);
  c->kvm = NULL;
  rt_error(o, -rc);
  o->setup_error = 1;
  return 0;
}

static void rt_kvm_op(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  const int slot = op->slot & 3;
  if (!rt_kvm(c, o)) return;
  if (op->kind == RT_KVM_SLOT) {
    int rc = kg_slot(c->kvm, slot, op->len ? rt_addr(c, op->h) + op->off : NULL, op->len, op->arg);
    if (rc < 0) { rt_error(o, -rc); return; }
    c->kvm_slot_len[slot] = op->len;
  } else if (op->kind == RT_KVM_DIRTY) {
    const uint64_t words = c->kvm_slot_len[slot] / 4096 / 64 + 1, bits = words * 64;
    uint64_t *bitmap = calloc(words, 8), p;
    int rc = kg_dirty(c->kvm, slot, c->kvm_slot_len[slot], bitmap);
    if (rc < 0) { free(bitmap); rt_error(o, -rc); return; }
    o->dirty = malloc(bits * sizeof *o->dirty);
    for (p = 0; p < bits; p++) {
      if (bitmap[p / 64] >> (p % 64) & 1) o->dirty[o->n_dirty++] = p;
    }
    free(bitmap);
  } else {
    uint8_t *buf = c->kvm->mem + KG_BUF;
    const uint64_t gpa = kg_gpa(slot) + op->off;
    struct kg_exit x;
    int rc;
    memset(&x, 0, sizeof x);
    if (op->arg) rt_pattern_fill(op->pat, 0, buf, op->len);
    rc = op->arg ? kg_copy(c->kvm, gpa, KG_BUF, op->len, &x) : kg_copy(c->kvm, KG_BUF, gpa, op->len, &x);
    if (rc < 0) { rt_error(o, -rc); return; }
    if (x.err) {
      rt_error(o, x.err);
      o->has_n = 1;
      o->n = x.done;
    } else if (x.mmio) {
      o->has_mmio = 1;
      o->mmio = x.mmio_gpa - kg_gpa(slot);
    } else if (x.other) {
      rt_error(o, EPROTO); /* an exit no model expects (KVM_EXIT_* in x.other) */
    } else {
      o->has_n = 1;
      o->n = x.done;
      if (!op->arg) {
        uint8_t *d = rt_buf(x.done);
        memcpy(d, buf, x.done);
        rt_give(o, d, x.done);
      }
    }
    o->has_pages = kg_pages(c->kvm, o->pages) == 0;
  }
}
#endif

/* Every kind has its case (no default: a kind left out is a -Wswitch error); a kind a
 * reproducer leaves out (RT_NO_*) falls through to ENOSYS. */
void rt_run_local(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  uint8_t *p = rt_addr(c, op->h) + op->off;
  switch ((enum rt_kind)op->kind) {
    case RT_MAP: rt_map(c, op, o); return;
    case RT_UNMAP: rt_sys(o, munmap(p, op->len), 0); return;
    case RT_MPROTECT: rt_sys(o, mprotect(p, op->len, op->prot), 0); return;
    case RT_MREMAP: rt_mremap(c, op, o); return;
    case RT_MADVISE: rt_madvise_op(c, op, o); return;
    case RT_MSYNC: rt_sys(o, msync(p, op->len, op->arg), 0); return;
    case RT_WRITE: rt_access(c, op, o, 1); return;
    case RT_READ: rt_access(c, op, o, 0); return;
    case RT_PWRITE: rt_pwrite_op(c, op, o); return;
    case RT_PREAD: rt_pread_op(c, op, o); return;
    case RT_TRUNCATE: case RT_PUNCH: rt_layout(c, op, o); return;
    case RT_PROBE: rt_probe_op(c, op, o); return;
    case RT_FORK: break; /* rt_exec's: a peer is started by the process that forks */
    case RT_PIN:
      if (op->arg < 0 || op->arg >= RT_NVIAS) break;
#ifndef RT_NO_ODIRECT
      if (rt_vias[op->arg].path == RT_PATH_ODIRECT) { rt_pin_odirect(c, op, o); return; }
#endif
#ifndef RT_NO_GUP
      if (rt_vias[op->arg].path != RT_PATH_ODIRECT) { rt_pin_gup(c, op, o); return; }
#endif
      break;
    case RT_KVM_SLOT: case RT_KVM_ACCESS: case RT_KVM_DIRTY:
#ifndef RT_NO_KVM
      rt_kvm_op(c, op, o);
      return;
#endif
      break;
    case RT_HOLD_READ:
#ifndef RT_NO_HOLD
      rt_hold_read(c, op, o);
      return;
#endif
      break;
    case RT_RELEASE:
#ifndef RT_NO_HOLD
      rt_neg(o, c->ifs ? if_release(c->ifs) : -ENOENT);
      return;
#endif
      break;
    case RT_SIB_WRITE:
#ifndef RT_NO_HOLD
      rt_sibling_write(c, op, o);
      return;
#endif
      break;
    case RT_SIB_READ:
#ifndef RT_NO_HOLD
      rt_sibling_read(c, op, o);
      return;
#endif
      break;
    case RT_NKINDS: break;
  }
  rt_error(o, ENOSYS); /* an op this build leaves out */
}

/* ---- forked peers: the child keeps the address space and runs the ops it is sent ---- */

static int rt_read_full(int f, void *buf, uint64_t n) {
  uint64_t got = 0;
  while (got < n) {
    ssize_t r = read(f, (char *)buf + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return 0;
    got += (uint64_t)r;
  }
  return 1;
}
static int rt_write_full(int f, const void *buf, uint64_t n) {
  uint64_t put = 0;
  while (put < n) {
    ssize_t r = write(f, (const char *)buf + put, n - put);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return 0;
    put += (uint64_t)r;
  }
  return 1;
}

/* An outcome on a pipe: the struct (its pointers mean nothing on the other side), then the
 * data, fault counts and dirty pages it points to. */
static int rt_send_outcome(int f, const struct rt_outcome *o) {
  return rt_write_full(f, o, sizeof *o) && rt_write_full(f, o->data, o->data_len) &&
         rt_write_full(f, o->faults, o->n_faults * sizeof *o->faults) &&
         rt_write_full(f, o->dirty, o->n_dirty * sizeof *o->dirty);
}
static int rt_recv_outcome(int f, struct rt_outcome *o) {
  if (!rt_read_full(f, o, sizeof *o)) return 0;
  o->data = NULL;
  o->faults = NULL;
  o->dirty = NULL;
  if (o->kind < RT_OK || o->kind > RT_SIG || o->data_len > (1ULL << 32) ||
      o->n_faults > (1ULL << 20) || o->n_dirty > (1ULL << 24)) {
    return 0;
  }
  o->data = rt_buf(o->data_len);
  o->faults = malloc((o->n_faults ? o->n_faults : 1) * sizeof *o->faults);
  o->dirty = malloc((o->n_dirty ? o->n_dirty : 1) * sizeof *o->dirty);
  return rt_read_full(f, o->data, o->data_len) &&
         rt_read_full(f, o->faults, o->n_faults * sizeof *o->faults) &&
         rt_read_full(f, o->dirty, o->n_dirty * sizeof *o->dirty);
}

static void rt_serve_peer(struct rt_ctx *c, int in, int out) {
  struct rt_op op;
  struct rt_outcome o;
  while (rt_read_full(in, &op, sizeof op)) {
    memset(&o, 0, sizeof o);
    if (c->run) c->run(c, &op, &o);
    else rt_run_local(c, &op, &o);
    if (!rt_send_outcome(out, &o)) _exit(1);
    rt_outcome_free(&o);
  }
  _exit(0);
}

static void rt_peer_start(struct rt_ctx *c, int proc, struct rt_outcome *o) {
  int down[2], up[2], p;
  pid_t pid;
  if (proc <= 0 || proc >= RT_MAX_PEERS || c->peers[proc].pid) { rt_error(o, EINVAL); return; }
  if (pipe2(down, O_CLOEXEC)) { rt_error(o, errno); return; }
  if (pipe2(up, O_CLOEXEC)) { rt_error(o, errno); close(down[0]); close(down[1]); return; }
  pid = fork();
  if (pid < 0) {
    rt_error(o, errno);
    close(down[0]); close(down[1]); close(up[0]); close(up[1]);
    return;
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close(down[1]); /* else the child keeps its own input open and never sees EOF */
    close(up[0]);
    for (p = 0; p < RT_MAX_PEERS; p++) {
      if (!c->peers[p].pid) continue;
      close(c->peers[p].to);
      close(c->peers[p].from);
      c->peers[p].pid = 0;
    }
    c->is_peer = 1;
    rt_serve_peer(c, down[0], up[1]);
  }
  close(down[0]);
  close(up[1]);
  c->peers[proc].pid = pid;
  c->peers[proc].to = down[1];
  c->peers[proc].from = up[0];
}

static void rt_on_peer(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  int st = 0;
  if (op->proc >= RT_MAX_PEERS || !c->peers[op->proc].pid) { rt_error(o, ESRCH); return; }
  if (rt_write_full(c->peers[op->proc].to, op, sizeof *op) &&
      rt_recv_outcome(c->peers[op->proc].from, o)) {
    return;
  }
  /* The process is gone: report how it ended, which no model ever expects. */
  rt_outcome_free(o);
  memset(o, 0, sizeof *o);
  waitpid(c->peers[op->proc].pid, &st, 0);
  o->kind = RT_SIG;
  o->sig = WIFSIGNALED(st) ? WTERMSIG(st) : SIGKILL;
}

void rt_exec(struct rt_ctx *c, const struct rt_op *op, struct rt_outcome *o) {
  memset(o, 0, sizeof *o);
  if (op->kind == RT_FORK) {
    if (!c->is_peer) rt_peer_start(c, op->proc, o);
    return;
  }
  if (op->proc && !c->is_peer) { rt_on_peer(c, op, o); return; }
  if (c->run) c->run(c, op, o);
  else rt_run_local(c, op, o);
}
