#include "src/emit_c.h"

#include <sys/mman.h>

#include <sstream>

#include "c_text.h"
#include "src/executor.h"
#include "src/kmsg.h"

namespace daxprop {

std::vector<Expect> expectations(const BackingTraits& traits, const std::vector<Op>& ops) {
  Model m(traits);
  std::vector<Expect> out;
  out.reserve(ops.size());
  for (const auto& op : ops) out.push_back(m.step(op));
  return out;
}

namespace {

std::string c_str(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c == '\n' ? ' ' : c;
  }
  return o + "\"";
}

std::string u64(uint64_t v) { return hex(v) + "ULL"; }

// The fixed part: pattern bytes (identical to src/common.cc), the fault guard, process peers.
constexpr const char* kPrelude = R"C(#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/falloc.h>
#include <linux/memfd.h>
#include <linux/vfio.h>

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MFD_HUGE_2MB
#define MFD_HUGE_2MB (21 << 26)
#endif
@DATA@

enum kind { OK = 0, ERR = 1, SIG = 2 };
struct outcome {
  int kind, err, sig, code, lsb;
  uint64_t fault_off, n;
  int has_n;
  uint8_t *data;
  uint64_t data_len;
  int n_faults;                  /* probe: page faults per 2 MiB unit touched */
  uint32_t faults[MAX_UNITS];
  int has_mmio;                  /* kvm: the guest stopped in an MMIO exit at slot offset mmio */
  uint64_t mmio;
  int has_pages;                 /* kvm: pages_4k, pages_2m, pages_1g after the access */
  uint64_t pages[3];
  uint64_t *dirty_map;           /* kvm_dirty: the log's bitmap, dirty_bits pages */
  uint64_t dirty_bits;
  int held;                      /* truncate/punch: still waiting for the held read's pin */
};
/* probe: the faults summed over units [first, first + n) must lie in [min, max]. */
struct fbound {
  int first, n;
  uint32_t min, max;
  const char *why;
};
struct expect {
  int kind, err, sig, code, lsb;  /* lsb: si_addr_lsb of a BUS_MCEERR_* SIGBUS; 0: not checked */
  uint64_t fault_off, n;
  int has_n;
  const uint8_t *data, *known;  /* reads: expected bytes; known[i] = 0: unspecified */
  uint64_t data_len;
  /* large reads instead: CRC-32 of each 4 KiB block, the unspecified bytes counted as 0 (they
   * are listed as [from, to) ranges in unknown) */
  const uint32_t *block_crc;
  const uint64_t *unknown;
  int n_unknown;
  int units;                    /* probe: units to report (-1: not checked) */
  int any_off;                  /* the signal may name another mapping of the page: no offset check */
  int has_mmio;
  uint64_t mmio;
  uint64_t kvm_min_2m, kvm_min_1g; /* kvm: huge stage-2 mappings due (2 MiB units, 1 GiB pages) */
  int kvm_stop;  /* kvm: -EFAULT due; an MMIO exit keeps stale data out as well */
  const uint64_t *must_dirty;    /* kvm_dirty: pages the guest wrote, which the log must report */
  int n_must;
  const struct fbound *bounds;
  int n_bounds;
  int held;
};

/* Exit status: 0 the kernel behaves, 1 the bug shows (a hang included), SETUP_FAILED (125, "skip"
 * to git bisect run) the reproducer cannot set itself up here. */
#define SETUP_FAILED 125

static int fd = -1;
static uint8_t *maps[MAX_HANDLES];
static uint64_t lens[MAX_HANDLES];
static int moves;

static uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
/* Position-dependent bytes: a page at the wrong offset is told apart from the right one. */
static void pattern_fill(uint32_t pat, uint8_t *out, uint64_t n) {
  uint64_t key = (uint64_t)pat << 40, i;
  for (i = 0; i < n; i++) {
    uint64_t w = splitmix64(key ^ (i >> 3));
    out[i] = ((uint8_t *)&w)[i & 7];
  }
}

static sigjmp_buf *volatile jump;
static volatile int f_sig, f_code, f_lsb;
static volatile uintptr_t f_addr;
static void on_fault(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  if (!jump) { signal(sig, SIG_DFL); raise(sig); return; }
  f_sig = sig; f_code = si->si_code; f_addr = (uintptr_t)si->si_addr;
  f_lsb = sig == SIGBUS && (si->si_code == BUS_MCEERR_AR || si->si_code == BUS_MCEERR_AO)
              ? si->si_addr_lsb : 0;
  siglongjmp(*jump, 1);
}
static void guard_install(void) {
  static char stack[65536];
  stack_t ss = { .ss_sp = stack, .ss_size = sizeof stack };
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigaltstack(&ss, NULL);
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
}
/* Copy through a mapping a page at a time; a fault stops it on a page boundary. */
static void access_mapping(struct outcome *o, int h, uint64_t off, uint64_t len, uint32_t pat,
                           int write) {
  uint8_t *base = maps[h], *buf = malloc(len ? len : 1);
  volatile uint64_t done = 0;
  sigjmp_buf env;
  if (write) pattern_fill(pat, buf, len);
  if (sigsetjmp(env, 0)) {
    jump = NULL;
    o->kind = SIG; o->sig = f_sig; o->code = f_code; o->lsb = f_lsb;
    o->fault_off = (f_addr & ~(uintptr_t)4095) - (uintptr_t)base;
    if (write) free(buf); else { o->data = buf; o->data_len = done; }
    return;
  }
  jump = &env;
  while (done < len) {
    uintptr_t a = (uintptr_t)base + off + done;
    uint64_t chunk = 4096 - (a & 4095);
    if (chunk > len - done) chunk = len - done;
    if (write) memcpy(base + off + done, buf + done, chunk);
    else memcpy(buf + done, base + off + done, chunk);
    done = done + chunk;
  }
  jump = NULL;
  if (write) free(buf); else { o->data = buf; o->data_len = len; }
}
/* Page faults this thread has taken (mm/memory.c mm_account_fault charges each to current). */
static uint64_t thread_faults(void) {
  struct rusage ru;
  getrusage(RUSAGE_THREAD, &ru);
  return (uint64_t)ru.ru_minflt + (uint64_t)ru.ru_majflt;
}
/* Touch one byte per 4 KiB page (store: write back the byte read) and count the faults taken
 * in each 2 MiB of address space: one for a PMD, one per 1 GiB for a PUD, one per page else. */
static void probe_mapping(struct outcome *o, int h, uint64_t off, uint64_t len, int store) {
  uint8_t *base = maps[h];
  volatile uintptr_t a = (uintptr_t)base + off;
  uintptr_t end = (uintptr_t)base + off + len;
  sigjmp_buf env;
  /* Faults that are not the probe's come first: after fork the stack is copy-on-write, and
   * a process faults its own code in on first use. */
  (void)thread_faults();
  madvise((void *)((uintptr_t)&probe_mapping & ~(uintptr_t)4095), 2 * 4096, MADV_POPULATE_READ);
  if (sigsetjmp(env, 0)) {
    jump = NULL;
    o->kind = SIG; o->sig = f_sig; o->code = f_code; o->lsb = f_lsb;
    o->fault_off = (f_addr & ~(uintptr_t)4095) - (uintptr_t)base;
    return;
  }
  jump = &env;
  while (a < end) {
    uintptr_t unit_end = (a & ~(uintptr_t)0x1fffff) + 0x200000;
    uint64_t before = thread_faults();
    if (unit_end > end) unit_end = end;
    for (; a < unit_end; a = (a & ~(uintptr_t)4095) + 4096) {
      volatile uint8_t *q = (volatile uint8_t *)a;
      uint8_t v = *q;
      if (store) *q = v;
    }
    if (o->n_faults < MAX_UNITS) o->faults[o->n_faults++] = (uint32_t)(thread_faults() - before);
  }
  jump = NULL;
}
static int read_full(int f, void *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(f, (char *)buf + got, n - got);
    if (r <= 0) return 0;
    got += (size_t)r;
  }
  return 1;
}
/* madvise(MADV_HWPOISON) signals the caller before it returns: observe it like a fault. */
static void guarded_madvise(struct outcome *o, int h, uint64_t off, uint64_t len, int advice) {
  sigjmp_buf env;
  long rc;
  if (sigsetjmp(env, 0)) {
    jump = NULL;
    o->kind = SIG; o->sig = f_sig; o->code = f_code; o->lsb = f_lsb;
    o->fault_off = (f_addr & ~(uintptr_t)4095) - (uintptr_t)maps[h];
    return;
  }
  jump = &env;
  rc = madvise(maps[h] + off, len, advice);
  jump = NULL;
  if (rc < 0) { o->kind = ERR; o->err = errno; }
}
static void result(struct outcome *o, long rc) {
  if (rc < 0) { o->kind = ERR; o->err = errno; }
}

static void run_op(int k, struct outcome *o);

/* fork pN: the child keeps the address space and runs the ops it is sent. */
static int peer_to[8], peer_from[8];
static void start_peer(int p) {
  int down[2], up[2];
  if (pipe(down) || pipe(up)) { perror("pipe"); exit(SETUP_FAILED); }
  pid_t pid = fork();
  if (pid < 0) { perror("fork"); exit(SETUP_FAILED); }
  if (pid == 0) {
    int k;
    struct outcome o;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close(down[1]);  /* else the child keeps its own input open and never sees EOF */
    close(up[0]);
    while (read(down[0], &k, sizeof k) == sizeof k) {
      memset(&o, 0, sizeof o);
      run_op(k, &o);
      if (write(up[1], &o, sizeof o) != sizeof o) _exit(1);
      if (o.data_len && write(up[1], o.data, o.data_len) != (ssize_t)o.data_len) _exit(1);
    }
    _exit(0);
  }
  close(down[0]);
  close(up[1]);
  peer_to[p] = down[1];
  peer_from[p] = up[0];
}
static void on_peer(int p, int k, struct outcome *o) {
  if (write(peer_to[p], &k, sizeof k) != sizeof k || !read_full(peer_from[p], o, sizeof *o)) {
    o->kind = SIG; o->sig = SIGKILL; o->code = 0; o->data_len = 0;  /* the process died */
    o->data = NULL;
    o->dirty_map = NULL;
    return;
  }
  o->data = NULL;  /* the child's pointers mean nothing here */
  o->dirty_map = NULL;
  if (o->data_len) {
    uint64_t got = 0;
    o->data = malloc(o->data_len);
    while (got < o->data_len) {
      ssize_t r = read(peer_from[p], o->data + got, o->data_len - got);
      if (r <= 0) break;
      got += r;
    }
  }
}

/* Kernel health, as daxprop judges it: a new kernel-log record matching one of bad_patterns
 * (daxprop's own list, src/kmsg.cc) while the ops ran is a finding, named by the op it was
 * logged during. Without /dev/kmsg (not root) this check is skipped and says so. */
static int kmsg_fd = -1;
static void kmsg_start(void) {
  kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
  if (kmsg_fd < 0) { fprintf(stderr, "note: /dev/kmsg not readable: kernel log not checked\n"); return; }
  lseek(kmsg_fd, 0, SEEK_END);
}
/* Each op is named in the kernel log before it runs: after a panic, the console says which. */
static void kmsg_mark(int k) {
  char rec[600];
  int w = open("/dev/kmsg", O_WRONLY);
  if (w < 0) return;
  snprintf(rec, sizeof rec, "<5>daxprop-repro: op %d (%.500s)\n", k + 1, op_names[k]);
  if (write(w, rec, strlen(rec)) < 0) { /* no kernel log: nothing to mark */ }
  close(w);
}
static void kmsg_check(int k) {
  char rec[8192];
  ssize_t n;
  int i;
  if (kmsg_fd < 0) return;
  while ((n = read(kmsg_fd, rec, sizeof rec - 1)) != 0) {
    if (n < 0) { if (errno == EPIPE) continue; break; }
    rec[n] = 0;
    for (i = 0; bad_patterns[i]; i++) {
      if (strstr(rec, bad_patterns[i])) {
        char *msg = strchr(rec, ';'), *nl;
        msg = msg ? msg + 1 : rec;
        if ((nl = strchr(msg, '\n'))) *nl = 0;
        if (k >= 0) printf("REPRO: kernel log during op %d (%s): %s\n", k + 1, op_names[k], msg);
        else printf("REPRO: kernel log after the last op (the teardown): %s\n", msg);
        exit(1);
      }
    }
  }
}

static const char *describe(int kind, int err, int sig, int code, uint64_t off, int lsb,
                            char *buf) {
  if (kind == OK) return "ok";
  if (kind == ERR) { snprintf(buf, 96, "errno %d (%s)", err, strerror(err)); return buf; }
  snprintf(buf, 96, "signal %d si_code %d at page +0x%llx (lsb %d)", sig, code,
           (unsigned long long)off, lsb);
  return buf;
}
/* CRC-32 (IEEE), as daxprop computes it. */
static uint32_t crc32_of(const uint8_t *p, uint64_t n) {
  uint32_t c = 0xFFFFFFFFu;
  uint64_t i;
  int j;
  for (i = 0; i < n; i++) {
    c ^= p[i];
    for (j = 0; j < 8; j++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xFFFFFFFFu;
}
/* Compare one op's outcome with the expectation; print REPRO and exit 1 on a difference. */
static void check(int k, const char *op, const struct outcome *o, const struct expect *e) {
  char a[96], b[96];
  uint64_t i;
  if (e->kvm_stop && o->kind == OK && o->has_mmio) return;
  /* A machine-check SIGBUS names its entry to si_addr_lsb's extent (sigaction(2)). */
  const int mce = e->lsb > 0 && e->lsb < 64 && o->lsb == e->lsb;
  const int same_fault = mce ? (o->fault_off >> o->lsb) == (e->fault_off >> e->lsb)
                             : o->fault_off == e->fault_off;
  if (o->kind != e->kind || o->err != e->err || o->sig != e->sig || o->code != e->code ||
      (o->kind == SIG && !same_fault && !e->any_off) ||
      (e->lsb && o->lsb != e->lsb)) {
    printf("REPRO: op %d (%s): expected %s, got %s\n", k + 1, op,
           describe(e->kind, e->err, e->sig, e->code, e->fault_off, e->lsb, a),
           describe(o->kind, o->err, o->sig, o->code, o->fault_off, o->lsb, b));
    exit(1);
  }
  if (e->has_n && (!o->has_n || o->n != e->n)) {
    printf("REPRO: op %d (%s): expected %llu bytes, got %llu\n", k + 1, op,
           (unsigned long long)e->n, (unsigned long long)o->n);
    exit(1);
  }
  if (o->held != e->held) {
    printf("REPRO: op %d (%s): expected it %s, got it %s\n", k + 1, op,
           e->held ? "held back by the pinned page until the release" : "done at once",
           o->held ? "held back (still running after IF_HOLD_MS)" : "done at once");
    exit(1);
  }
  if (o->has_mmio != e->has_mmio || (o->has_mmio && o->mmio != e->mmio)) {
    printf("REPRO: op %d (%s): expected %s, got %s\n", k + 1, op,
           e->has_mmio ? "an MMIO exit" : "no MMIO exit", o->has_mmio ? "an MMIO exit" : "none");
    exit(1);
  }
  if (o->kind == OK && (e->kvm_min_2m || e->kvm_min_1g) &&
      (!o->has_pages || o->pages[1] + 512 * o->pages[2] < e->kvm_min_2m ||
       o->pages[2] < e->kvm_min_1g)) {
    printf("REPRO: op %d (%s): KVM maps pages_2m=%llu pages_1g=%llu, expected at least %llu 2 MiB "
           "units / %llu 1 GiB pages (the host maps it huge)\n", k + 1, op,
           (unsigned long long)o->pages[1], (unsigned long long)o->pages[2],
           (unsigned long long)e->kvm_min_2m, (unsigned long long)e->kvm_min_1g);
    exit(1);
  }
  for (i = 0; o->kind == OK && i < (uint64_t)e->n_must; i++) {
    uint64_t p = e->must_dirty[i];
    if (!o->dirty_map || p >= o->dirty_bits || !(o->dirty_map[p / 64] >> (p % 64) & 1)) {
      printf("REPRO: op %d (%s): the guest wrote page %llu but the dirty log does not report it\n",
             k + 1, op, (unsigned long long)p);
      exit(1);
    }
  }
  if (o->kind == OK && e->units >= 0 && o->n_faults != e->units) {
    printf("REPRO: op %d (%s): expected fault counts for %d 2 MiB units, got %d\n", k + 1, op,
           e->units, o->n_faults);
    exit(1);
  }
  for (i = 0; o->kind == OK && i < (uint64_t)e->n_bounds; i++) {
    const struct fbound *b = &e->bounds[i];
    uint64_t sum = 0;
    int u;
    for (u = b->first; u < b->first + b->n && u < o->n_faults; u++) sum += o->faults[u];
    if (sum < b->min || sum > b->max) {
      printf("REPRO: op %d (%s): %llu page faults in units %d..%d, expected %u..%u (%s)\n", k + 1,
             op, (unsigned long long)sum, b->first, b->first + b->n - 1, b->min, b->max, b->why);
      exit(1);
    }
  }
  if (e->block_crc) {
    uint64_t b, j;
    if (o->data_len != e->data_len) {
      printf("REPRO: op %d (%s): expected %llu bytes read, got %llu\n", k + 1, op,
             (unsigned long long)e->data_len, (unsigned long long)o->data_len);
      exit(1);
    }
    for (j = 0; j < (uint64_t)e->n_unknown; j++) {
      memset(o->data + e->unknown[2 * j], 0, e->unknown[2 * j + 1] - e->unknown[2 * j]);
    }
    for (b = 0; b * 4096 < e->data_len; b++) {
      uint64_t n = e->data_len - b * 4096 < 4096 ? e->data_len - b * 4096 : 4096;
      uint32_t c = crc32_of(o->data + b * 4096, n);
      if (c != e->block_crc[b]) {
        printf("REPRO: op %d (%s): the bytes read at +0x%llx..+0x%llx are not what a correct "
               "kernel holds there (CRC-32 0x%08x, expected 0x%08x); they start",
               k + 1, op, (unsigned long long)(b * 4096), (unsigned long long)(b * 4096 + n),
               c, e->block_crc[b]);
        for (j = 0; j < 16 && j < n; j++) printf(" %02x", o->data[b * 4096 + j]);
        printf("\n");
        exit(1);
      }
    }
  }
  if (e->data) {
    if (o->data_len != e->data_len) {
      printf("REPRO: op %d (%s): expected %llu bytes read, got %llu\n", k + 1, op,
             (unsigned long long)e->data_len, (unsigned long long)o->data_len);
      exit(1);
    }
    for (i = 0; i < e->data_len; i++) {
      if (e->known[i] && o->data[i] != e->data[i]) {
        printf("REPRO: op %d (%s): byte +0x%llx is 0x%02x, expected 0x%02x\n", k + 1, op,
               (unsigned long long)i, o->data[i], e->data[i]);
        exit(1);
      }
    }
  }
}
)C";

// process_vm_readv/writev, /proc/self/mem, vmsplice (src/gup_copy.c).
constexpr const char* kGupOps = R"C(/* method -1: an io_uring fixed read into the mapping, -2: a fixed write from it. */
static void pin_gup(struct outcome *o, int h, uint64_t off, uint64_t len, int method,
                    int stores, uint32_t pat) {
  uint8_t *buf = malloc(len ? len : 1);
  ssize_t n;
  if (stores) pattern_fill(pat, buf, len);
  n = method < 0 ? gc_io_uring_fixed(maps[h] + off, buf, len, method == -2)
                 : gc_copy(method, maps[h] + off, buf, len);
  if (n < 0) { o->kind = ERR; o->err = (int)-n; free(buf); return; }
  o->has_n = 1; o->n = (uint64_t)n;
  if (!stores) { o->data = buf; o->data_len = (uint64_t)n; } else { free(buf); }
}
)C";

// A read held in flight, and the truncate/punch it may hold back (src/inflight.c).
constexpr const char* kHoldOps = R"C(static struct od_dev hold_od;
static struct if_state ifs;
static int ifs_ready, sib_fd = -1;
/* The gate is test equipment, not the kernel under test: without it there is nothing to
 * reproduce here (exit 125, as for any other missing setup). */
static int hold_setup(struct outcome *o) {
  int rc;
  (void)o;
  if (ifs_ready) return 1;
  rc = od_open(&hold_od);
  if (rc == 0) rc = if_gate_probe(&hold_od);
  if (rc < 0) {
    printf("SETUP: cannot hold a read in flight: a dm-delay device over a loop device (needs "
           "root and the loop, dm_mod and dm_delay modules): %s\n", strerror(-rc));
    exit(SETUP_FAILED);
  }
  if_init(&ifs, &hold_od);
  ifs_ready = 1;
  return 1;
}
static void hold_read_op(struct outcome *o, int h, uint64_t off, uint64_t len, uint32_t pat) {
  uint8_t *src = malloc(len ? len : 1);
  ssize_t n;
  if (!hold_setup(o)) { free(src); return; }
  pattern_fill(pat, src, len);
  n = if_hold_read(&ifs, maps[h] + off, src, len);
  free(src);
  if (n < 0) { o->kind = ERR; o->err = (int)-n; return; }
  if (!ifs.ring) { o->has_n = 1; o->n = (uint64_t)n; } /* completed at once */
}
static void release_op(struct outcome *o) {
  ssize_t n = ifs_ready ? if_release(&ifs) : -ENOENT;
  if (n < 0) { o->kind = ERR; o->err = (int)-n; return; }
  o->has_n = 1; o->n = (uint64_t)n;
}
/* kind 1: ftruncate(fd, a); 2: punch-hole (a, b). On a thread while a read is held. */
static void layout_op(struct outcome *o, int kind, uint64_t a, uint64_t b) {
  if (ifs_ready && ifs.ring) {
    int rc = if_run(&ifs, kind, fd, a, b);
    if (rc < 0) { o->kind = ERR; o->err = -rc; return; }
    o->held = rc == 1;
    return;
  }
  result(o, kind == 1 ? ftruncate(fd, (off_t)a)
                      : fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)a, (off_t)b));
}
static void sibling_write_op(struct outcome *o, uint64_t len, uint32_t pat) {
  uint8_t *buf = malloc(len ? len : 1);
  ssize_t n;
  pattern_fill(pat, buf, len);
  n = sibling_write(fd, &sib_fd, buf, len);
  free(buf);
  if (n < 0) { o->kind = ERR; o->err = (int)-n; return; }
  o->has_n = 1; o->n = (uint64_t)n;
}
static void sibling_read_op(struct outcome *o, uint64_t len) {
  uint8_t *buf = malloc(len ? len : 1);
  ssize_t n = sib_fd < 0 ? -EBADF : sibling_read(sib_fd, buf, len);
  if (n < 0) { o->kind = ERR; o->err = (int)-n; free(buf); return; }
  o->has_n = 1; o->n = (uint64_t)n; o->data = buf; o->data_len = (uint64_t)n;
}
)C";

// O_DIRECT through the shared scratch device (src/odirect.c).
constexpr const char* kOdirectOps = R"C(static struct od_dev od;
static int od_ready;
static void pin_odirect(struct outcome *o, int h, uint64_t off, uint64_t len, int write,
                        uint32_t pat) {
  uint8_t *buf = malloc(len ? len : 1);
  ssize_t n;
  if (!od_ready) {
    int rc = od_open(&od);
    if (rc < 0) { o->kind = ERR; o->err = -rc; od_close(&od); free(buf); return; }
    od_ready = 1;
  }
  if (!write) {
    pattern_fill(pat, buf, len);
    n = od_read(&od, maps[h] + off, buf, len);
  } else {
    n = od_write(&od, maps[h] + off, buf, len);
  }
  if (n < 0) { o->kind = ERR; o->err = (int)-n; free(buf); return; }
  o->has_n = 1; o->n = (uint64_t)n;
  if (write) { o->data = buf; o->data_len = (uint64_t)n; } else { free(buf); }
}
)C";

// The KVM ops over the shared guest (k_kvm_guest_text, src/kvm_guest.c).
constexpr const char* kKvmOps = R"C(static struct kg_vm kvm_vm;
static int kvm_ready;
static int kvm_ensure(struct outcome *o) {
  int rc;
  if (kvm_ready) return 1;
  rc = kg_open(&kvm_vm);
  if (rc < 0) { o->kind = ERR; o->err = -rc; kg_close(&kvm_vm); return 0; }
  kvm_ready = 1;
  return 1;
}
static uint64_t kvm_slot_len[4];
static void kvm_slot_op(struct outcome *o, int slot, int h, uint64_t off, uint64_t len,
                        int flags) {
  int rc;
  if (!kvm_ensure(o)) return;
  rc = kg_slot(&kvm_vm, slot, len ? maps[h] + off : NULL, len, flags);
  if (rc < 0) { o->kind = ERR; o->err = -rc; return; }
  kvm_slot_len[slot] = len;
}
static void kvm_dirty_op(struct outcome *o, int slot) {
  uint64_t bits = kvm_slot_len[slot] / 4096;
  int rc;
  if (!kvm_ensure(o)) return;
  o->dirty_map = calloc(bits / 64 + 2, 8);
  o->dirty_bits = bits;
  rc = kg_dirty(&kvm_vm, slot, kvm_slot_len[slot], o->dirty_map);
  if (rc < 0) { o->kind = ERR; o->err = -rc; }
}
static void kvm_access_op(struct outcome *o, int slot, uint64_t off, uint64_t len, int write,
                          uint32_t pat) {
  struct kg_exit x;
  uint8_t *buf;
  int rc;
  if (!kvm_ensure(o)) return;
  buf = kvm_vm.mem + KG_BUF;
  if (write) pattern_fill(pat, buf, len);
  rc = write ? kg_copy(&kvm_vm, kg_gpa(slot) + off, KG_BUF, len, &x)
             : kg_copy(&kvm_vm, KG_BUF, kg_gpa(slot) + off, len, &x);
  if (rc < 0) { o->kind = ERR; o->err = -rc; return; }
  if (x.err) {
    o->kind = ERR; o->err = x.err; o->has_n = 1; o->n = x.done;
  } else if (x.mmio) {
    o->has_mmio = 1; o->mmio = x.mmio_gpa - kg_gpa(slot);
  } else if (x.other) {
    o->kind = ERR; o->err = EPROTO;
  } else {
    o->has_n = 1; o->n = x.done;
    if (!write) {
      o->data = malloc(x.done ? x.done : 1);
      memcpy(o->data, buf, x.done);
      o->data_len = x.done;
    }
  }
  o->has_pages = kg_pages(&kvm_vm, o->pages) == 0;
}
)C";

// main(): the reproducer runs in a child process, watched. A kernel stuck in a retry loop only
// gives way to SIGKILL, so a hang is told by the parent, named by the op the child is in.
constexpr const char* kWatchdog = R"C(static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}
int main(int argc, char **argv) {
  const char *e = getenv("REPRO_TIMEOUT");
  double limit = REPRO_TIMEOUT_S, since;
  int st, i, phase = 0, op = -1;
  pid_t pid;
  if (e && *e) {
    char *end;
    limit = strtod(e, &end);
    if (*end || !(limit > 0)) {
      fprintf(stderr, "REPRO_TIMEOUT: not a number of seconds: %s\n", e);
      return SETUP_FAILED;
    }
  }
  prog = mmap(NULL, sizeof *prog, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (prog == MAP_FAILED) { perror("mmap"); return SETUP_FAILED; }
  prog->op = -1;
  fflush(stdout);
  pid = fork();
  if (pid < 0) { perror("fork"); return SETUP_FAILED; }
  if (pid == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    exit(repro_main(argc, argv));
  }
  setpgid(pid, pid);
  since = now_s();
  while (waitpid(pid, &st, WNOHANG) == 0) {
    if (prog->phase != phase || prog->op != op) { phase = prog->phase; op = prog->op; since = now_s(); }
    if (now_s() - since > limit) {
      if (phase == 0) printf("SETUP: the setup did not finish in %g s\n", limit);
      else if (phase == 1) printf("REPRO: hang in op %d (%s): still running after %g s\n", op + 1, op_names[op], limit);
      else printf("REPRO: hang in the teardown after the last op: still running after %g s\n", limit);
      if (phase != 0) {
        /* Where it sleeps in the kernel, before the kill takes it out of there. */
        char *ks = ks_report(pid);
        if (ks) printf("REPRO: kernel stacks of the hung reproducer:\n%s", ks);
        free(ks);
      }
      fflush(stdout);
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      for (i = 0; i < 50 && waitpid(pid, &st, WNOHANG) == 0; i++) usleep(100000);
      if (i == 50) printf("note: the process does not die (stuck in the kernel); left behind\n");
      return phase == 0 ? SETUP_FAILED : 1;
    }
    usleep(20000);
  }
  if (WIFSIGNALED(st)) {
    if (prog->phase == 1) {
      printf("REPRO: the reproducer was killed by signal %d (%s) in op %d (%s)\n", WTERMSIG(st),
             strsignal(WTERMSIG(st)), prog->op + 1, op_names[prog->op]);
    } else {
      printf("%s: the reproducer was killed by signal %d (%s) in the %s\n",
             prog->phase ? "REPRO" : "SETUP", WTERMSIG(st), strsignal(WTERMSIG(st)),
             prog->phase ? "teardown" : "setup");
    }
    return prog->phase == 0 ? SETUP_FAILED : 1;
  }
  st = WEXITSTATUS(st);
  if (st == SETUP_FAILED) printf("SETUP: cannot set up here (see above): exit 125, git bisect run skips it\n");
  return st == 0 || st == 1 ? st : SETUP_FAILED;
}
)C";

// A long-term pin (liburing; the reproducer then links with -luring): register the range as a
// fixed buffer, read pattern bytes from a memfd into it, unregister.
// Reads larger than this are checked by a CRC per 4 KiB block, not byte by byte.
constexpr size_t kLiteralMax = 256 * 1024;

// The bytes of a read the model does not vouch for, as [from, to) pairs.
std::vector<uint64_t> unknown_ranges(const Expect& e) {
  std::vector<uint64_t> r;
  for (size_t i = 0; i < e.known.size(); i++) {
    if (e.known[i]) continue;
    if (r.empty() || r.back() != i) {
      r.push_back(i);
      r.push_back(i + 1);
    } else {
      r.back() = i + 1;
    }
  }
  return r;
}

void emit_expect(std::ostringstream& os, size_t k, const Expect& e) {
  if (!e.must_dirty.empty()) {
    os << "static const uint64_t dirty" << k << "[] = {";
    for (size_t i = 0; i < e.must_dirty.size(); i++) os << (i ? ", " : "") << e.must_dirty[i];
    os << "};\n";
  }
  if (!e.faults.empty()) {
    os << "static const struct fbound bounds" << k << "[] = {\n";
    for (const auto& b : e.faults) {
      os << "  {" << b.first << ", " << b.n << ", " << b.min << ", " << b.max << "U, "
         << c_str(b.why) << "},\n";
    }
    os << "};\n";
  }
  if (e.data.size() > kLiteralMax) {
    // Megabytes as literal bytes would make a reproducer too big to compile: a CRC per block.
    std::vector<uint8_t> masked = e.data;
    const std::vector<uint64_t> unknown = unknown_ranges(e);
    for (size_t j = 0; j < unknown.size(); j += 2) {
      std::fill(masked.begin() + static_cast<ptrdiff_t>(unknown[j]),
                masked.begin() + static_cast<ptrdiff_t>(unknown[j + 1]), 0);
    }
    os << "static const uint32_t crcs" << k << "[] = {";
    for (size_t b = 0; b * 4096 < masked.size(); b++) {
      const size_t n = std::min<size_t>(4096, masked.size() - b * 4096);
      os << (b % 8 == 0 ? "\n  " : " ") << "0x" << std::hex
         << crc32(std::span<const uint8_t>(masked.data() + b * 4096, n)) << std::dec << ",";
    }
    os << "\n};\nstatic const uint64_t unknown" << k << "[] = {0";
    for (uint64_t u : unknown) os << ", " << u;
    os << "};\n";
  } else if (!e.data.empty()) {
    os << "static const uint8_t want" << k << "[] = {";
    for (size_t i = 0; i < e.data.size(); i++) {
      os << (i % 24 == 0 ? "\n  " : "") << static_cast<int>(e.data[i]) << ",";
    }
    os << "\n};\nstatic const uint8_t known" << k << "[] = {";
    for (size_t i = 0; i < e.known.size(); i++) {
      os << (i % 40 == 0 ? "\n  " : "") << (e.known[i] ? 1 : 0) << ",";
    }
    os << "\n};\n";
  }
}

const char* gup_method(PinOp::Via v) {
  switch (v) {
    case PinOp::Via::kPvmWrite: return "GC_PVM_WRITE";
    case PinOp::Via::kProcMem: return "GC_PROC_MEM_READ";
    case PinOp::Via::kProcMemWrite: return "GC_PROC_MEM_WRITE";
    case PinOp::Via::kVmsplice: return "GC_VMSPLICE";
    case PinOp::Via::kIoUring: return "-1";
    case PinOp::Via::kIoUringWrite: return "-2";
    default: return "GC_PVM_READ";
  }
}

}  // namespace

std::string emit_c(const Trace& trace, const BackingTraits& traits, const CSetup& setup,
                   const std::vector<Expect>& expected) {
  std::ostringstream os;
  bool uses_kvm = false, uses_odirect = false, uses_gup = false;
  bool uses_hold = false;
  for (const auto& l : trace.lines) {
    uses_hold |= std::holds_alternative<HoldReadOp>(l.op) || std::holds_alternative<ReleaseOp>(l.op) ||
                 std::holds_alternative<SiblingWriteOp>(l.op) ||
                 std::holds_alternative<SiblingReadOp>(l.op);
    if (auto* p = std::get_if<PinOp>(&l.op)) {
      uses_odirect |= p->odirect();
      uses_gup |= !p->odirect();
    }
    uses_kvm |= std::holds_alternative<KvmSlotOp>(l.op) || std::holds_alternative<KvmAccessOp>(l.op) ||
                std::holds_alternative<KvmDirtyOp>(l.op);
  }
  int max_h = 0;
  for (const auto& l : trace.lines) {
    if (auto h = op_handle(l.op)) max_h = std::max(max_h, *h);
  }
  os << "/* daxprop reproducer (generated; needs no daxprop to build or run).\n"
     << " * property " << trace.header.property << " on backing " << trace.header.backing
     << ", recorded on kernel " << trace.header.kernel << ", seed " << trace.header.seed
     << ".\n * build: cc -O1 -o repro repro.c" << (uses_gup || uses_odirect || uses_hold ? " -luring" : "") << "    run: ./repro"
     << (setup.manual_step.empty() ? "" : " ARGS") << "\n"
     << (setup.manual_step.empty() ? "" : " * before running: " + setup.manual_step + "\n")
     << (uses_hold ? " * needs: root, and the loop, dm_mod and dm_delay modules (a read is held in flight by a\n"
                     " * dm-delay device over a loop device: src/inflight.c); exits 2 without them.\n"
                   : "")
     << " * Exit status (ready for git bisect run): 0 and \"OK\" when this kernel does what the trace\n"
     << " * says a correct kernel does; 1 and \"REPRO: ...\" when it does not: an op's outcome, a\n"
     << " * kernel-log report, or a hang (an op still running after REPRO_TIMEOUT seconds, default\n"
     << " * " << kReproTimeoutS << ": \"REPRO: hang in op N\"); 125 and \"SETUP: ...\" when it cannot set itself up\n"
     << " * here (no device, module or privilege): bisect skips that kernel.\n *\n * The trace:\n";
  for (const auto& l : trace.lines) os << " *   " << format_trace_line(l) << "\n";
  uint64_t max_units = 1;
  for (const auto& l : trace.lines) {
    if (auto* p = std::get_if<ProbeOp>(&l.op)) max_units = std::max(max_units, p->len / (2 * kMiB) + 2);
  }
  os << " */\n#define MAX_HANDLES " << max_h + 1 << "\n#define MAX_UNITS " << max_units << "\n";
  // The trace's ops by name, the kernel-log patterns daxprop judges by, the watchdog's state.
  std::ostringstream data;
  data << "#define REPRO_TIMEOUT_S " << kReproTimeoutS << "\n"
       << "static const char *op_names[] = {\n";
  for (const auto& l : trace.lines) data << "  " << c_str(format_op(l.op)) << ",\n";
  data << "  NULL};\nstatic const char *bad_patterns[] = {";
  for (const auto& b : KmsgCursor::bad_patterns()) data << c_str(b) << ", ";
  data << "NULL};\n/* Where the child is, for the watchdog: phase 0 setup, 1 op `op`, 2 teardown. */\n"
       << "static struct progress { volatile int phase, op; } *prog;\n"
       << "/* Added to every file offset: where the object starts in its file (a VFIO region). */\n"
       << "static uint64_t obj_base = " << u64(traits.obj_base) << ";\n";
  std::string prelude = kPrelude;
  prelude.replace(prelude.find("@DATA@"), 6, data.str());
  os << prelude << "\n";
  if (uses_kvm) os << k_kvm_guest_text << "\n" << kKvmOps << "\n";
  if (uses_odirect) os << k_odirect_text << "\n" << kOdirectOps << "\n";
  if (uses_gup) os << k_gup_copy_text << "\n" << kGupOps << "\n";
  if (uses_hold) {
    if (!uses_odirect) os << k_odirect_text << "\n";
    os << k_inflight_text << "\n" << kHoldOps << "\n";
  }

  for (size_t k = 0; k < expected.size(); k++) emit_expect(os, k, expected[k]);
  os << "static const struct expect expected[] = {\n";
  for (size_t k = 0; k < expected.size(); k++) {
    const Outcome& o = expected[k].out;
    const Expect& e = expected[k];
    const bool blocks = e.data.size() > kLiteralMax, literal = !e.data.empty() && !blocks;
    os << "  {" << static_cast<int>(o.kind) << ", " << o.err << ", " << o.sig << ", " << o.code
       << ", " << o.lsb << ", " << u64(o.fault_off) << ", " << u64(o.n.value_or(0)) << ", " << (o.n ? 1 : 0)
       << ", " << (literal ? "want" + std::to_string(k) : "NULL") << ", "
       << (literal ? "known" + std::to_string(k) : "NULL") << ", " << e.data.size() << ", "
       << (blocks ? "crcs" + std::to_string(k) : "NULL") << ", "
       << (blocks ? "unknown" + std::to_string(k) + " + 1" : "NULL") << ", "
       << (blocks ? unknown_ranges(e).size() / 2 : 0)
       << ", " << e.units << ", " << (e.any_fault_off ? 1 : 0) << ", " << (o.mmio ? 1 : 0)
       << ", " << u64(o.mmio.value_or(0)) << ", " << u64(e.kvm_min_2m) << ", "
       << u64(e.kvm_min_1g) << ", " << (e.kvm_stop ? 1 : 0) << ", "
       << (e.must_dirty.empty() ? "NULL" : "dirty" + std::to_string(k)) << ", "
       << e.must_dirty.size() << ", "
       << (e.faults.empty() ? "NULL" : "bounds" + std::to_string(k)) << ", " << e.faults.size()
       << ", " << (o.held ? 1 : 0) << "},\n";
  }
  if (expected.empty()) os << "  {0}\n";
  os << "};\n\nstatic void run_op(int k, struct outcome *o) {\n  switch (k) {\n";
  for (size_t k = 0; k < trace.lines.size(); k++) {
    const Op& op = trace.lines[k].op;
    os << "    case " << k << ": /* " << format_op(op) << " */\n";
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, MapOp>) {
            os << "      {\n        void *p = mmap((void *)" << u64(slot_addr(x.h) + x.misalign)
               << ", " << u64(x.len) << ", " << x.prot << ", " << hex(x.flags) << ", "
               << ((x.flags & MAP_ANONYMOUS) ? "-1" : "fd") << ", (off_t)(obj_base + " << u64(x.off) << ")"
               << ");\n        if (p == MAP_FAILED) { o->kind = ERR; o->err = errno; break; }\n"
               << "        maps[" << x.h << "] = p;\n        lens[" << x.h << "] = "
               << u64(round_up(x.len, traits.unit)) << ";\n      }\n      break;\n";
          } else if constexpr (std::is_same_v<T, UnmapOp>) {
            os << "      result(o, munmap(maps[" << x.h << "] + " << u64(x.off) << ", " << u64(x.len)
               << "));\n      break;\n";
          } else if constexpr (std::is_same_v<T, MprotectOp>) {
            os << "      result(o, mprotect(maps[" << x.h << "] + " << u64(x.off) << ", " << u64(x.len)
               << ", " << x.prot << "));\n      break;\n";
          } else if constexpr (std::is_same_v<T, MadviseOp>) {
            if (x.advice == MADV_HWPOISON) {
              os << "      guarded_madvise(o, " << x.h << ", " << u64(x.off) << ", " << u64(x.len)
                 << ", " << x.advice << ");\n      break;\n";
            } else {
              os << "      result(o, madvise(maps[" << x.h << "] + " << u64(x.off) << ", "
                 << u64(x.len) << ", " << x.advice << "));\n      break;\n";
            }
          } else if constexpr (std::is_same_v<T, MsyncOp>) {
            os << "      result(o, msync(maps[" << x.h << "] + " << u64(x.off) << ", " << u64(x.len)
               << ", " << x.flags << "));\n      break;\n";
          } else if constexpr (std::is_same_v<T, MremapOp>) {
            std::string old_len =
                x.old_len ? u64(x.old_len) : "lens[" + std::to_string(x.h) + "]";
            os << "      {\n        void *p = ";
            if (x.fixed) {
              os << "mremap(maps[" << x.h << "], " << old_len << ", " << u64(x.new_len)
                 << ", MREMAP_MAYMOVE | MREMAP_FIXED, (void *)(" << u64(kMoveBase)
                 << " + (uint64_t)(moves++) * " << u64(kSlotStride) << "));\n";
            } else {
              os << "mremap(maps[" << x.h << "], " << old_len << ", " << u64(x.new_len)
                 << ", MREMAP_MAYMOVE);\n";
            }
            os << "        if (p == MAP_FAILED) { o->kind = ERR; o->err = errno; break; }\n"
               << "        maps[" << x.h << "] = p;\n        lens[" << x.h << "] = "
               << u64(round_up(x.new_len, kPage)) << ";\n      }\n      break;\n";
          } else if constexpr (std::is_same_v<T, WriteOp>) {
            os << "      access_mapping(o, " << x.h << ", " << u64(x.off) << ", " << u64(x.len) << ", "
               << hex(x.pat) << ", 1);\n      break;\n";
          } else if constexpr (std::is_same_v<T, ReadOp>) {
            os << "      access_mapping(o, " << x.h << ", " << u64(x.off) << ", " << u64(x.len)
               << ", 0, 0);\n      break;\n";
          } else if constexpr (std::is_same_v<T, SysWriteOp>) {
            os << "      {\n        uint8_t *b = malloc(" << u64(x.len) << " + 1);\n"
               << "        ssize_t r;\n        pattern_fill(" << hex(x.pat) << ", b, " << u64(x.len)
               << ");\n        r = pwrite(fd, b, " << u64(x.len) << ", (off_t)(obj_base + " << u64(x.off) << ")"
               << ");\n        free(b);\n        result(o, r);\n"
               << "        if (r >= 0) { o->has_n = 1; o->n = (uint64_t)r; }\n      }\n      break;\n";
          } else if constexpr (std::is_same_v<T, SysReadOp>) {
            os << "      {\n        uint8_t *b = malloc(" << u64(x.len) << " + 1);\n"
               << "        ssize_t r = pread(fd, b, " << u64(x.len) << ", (off_t)(obj_base + " << u64(x.off) << ")"
               << ");\n        result(o, r);\n"
               << "        if (r >= 0) { o->has_n = 1; o->n = (uint64_t)r; o->data = b; "
                  "o->data_len = (uint64_t)r; }\n      }\n      break;\n";
          } else if constexpr (std::is_same_v<T, TruncateOp>) {
            if (uses_hold) {
              os << "      layout_op(o, 1, " << u64(x.size) << ", 0);\n      break;\n";
            } else {
              os << "      result(o, ftruncate(fd, (off_t)" << u64(x.size) << "));\n      break;\n";
            }
          } else if constexpr (std::is_same_v<T, PunchHoleOp>) {
            if (uses_hold) {
              os << "      layout_op(o, 2, " << u64(x.off) << ", " << u64(x.len) << ");\n      break;\n";
            } else {
              os << "      result(o, fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)"
                 << u64(x.off) << ", (off_t)" << u64(x.len) << "));\n      break;\n";
            }
          } else if constexpr (std::is_same_v<T, HoldReadOp>) {
            os << "      hold_read_op(o, " << x.h << ", " << u64(x.off) << ", " << u64(x.len) << ", "
               << hex(x.pat) << ");\n      break;\n";
          } else if constexpr (std::is_same_v<T, ReleaseOp>) {
            os << "      release_op(o);\n      break;\n";
          } else if constexpr (std::is_same_v<T, SiblingWriteOp>) {
            os << "      sibling_write_op(o, " << u64(x.len) << ", " << hex(x.pat) << ");\n      break;\n";
          } else if constexpr (std::is_same_v<T, SiblingReadOp>) {
            os << "      sibling_read_op(o, " << u64(x.len) << ");\n      break;\n";
          } else if constexpr (std::is_same_v<T, ForkOp>) {
            os << "      start_peer(" << x.proc << ");\n      break;\n";
          } else if constexpr (std::is_same_v<T, KvmSlotOp>) {
            os << "      kvm_slot_op(o, " << x.slot << ", " << x.h << ", " << u64(x.off) << ", "
               << u64(x.len) << ", " << (x.readonly ? 1 : 0) + (x.log_dirty ? 2 : 0)
               << ");\n      break;\n";
          } else if constexpr (std::is_same_v<T, KvmDirtyOp>) {
            os << "      kvm_dirty_op(o, " << x.slot << ");\n      break;\n";
          } else if constexpr (std::is_same_v<T, KvmAccessOp>) {
            os << "      kvm_access_op(o, " << x.slot << ", " << u64(x.off) << ", " << u64(x.len)
               << ", " << (x.write ? 1 : 0) << ", " << hex(x.pat) << ");\n      break;\n";
          } else if constexpr (std::is_same_v<T, PinOp>) {
            if (x.odirect()) {
              os << "      pin_odirect(o, " << x.h << ", " << u64(x.off) << ", " << u64(x.len) << ", "
                 << (x.via == PinOp::Via::kOdirectWrite ? 1 : 0) << ", " << hex(x.pat)
                 << ");\n      break;\n";
            } else {
              os << "      pin_gup(o, " << x.h << ", " << u64(x.off) << ", " << u64(x.len) << ", "
                 << gup_method(x.via) << ", " << (x.stores() ? 1 : 0) << ", " << hex(x.pat)
                 << ");\n      break;\n";
            }
          } else if constexpr (std::is_same_v<T, ProbeOp>) {
            os << "      probe_mapping(o, " << x.h << ", " << u64(x.off) << ", " << u64(x.len) << ", "
               << (x.store ? 1 : 0) << ");\n      break;\n";
          } else {
            static_assert(!sizeof(T*), "an op kind emit_c does not emit");
          }
        },
        op);
  }
  os << "  }\n}\n\n"
     << "/* The trace as the daxprop executor runs it: setup, ops in order (peers' ops sent to them),\n"
     << " * each outcome checked, then the teardown. Returns the exit status. */\n"
     << "static int repro_main(int argc, char **argv) {\n"
     << "  static const int procs[] = {";
  for (const auto& l : trace.lines) os << op_proc(l.op) << ", ";
  os << "0};\n  const char *stall = getenv(\"REPRO_SELFTEST_HANG\");\n  int k;\n  (void)argc;\n"
     << "  (void)argv;\n  (void)procs;\n  (void)lens;\n  (void)moves;\n  (void)obj_base;\n"
     << "  (void)probe_mapping;\n  (void)guarded_madvise;\n  (void)access_mapping;\n"
     << "  (void)result;\n  (void)start_peer;\n"
     << (uses_hold ? "  (void)hold_read_op;\n  (void)release_op;\n  (void)layout_op;\n"
                     "  (void)sibling_write_op;\n  (void)sibling_read_op;\n"
                   : "")
     << "  signal(SIGPIPE, SIG_IGN);\n  guard_install();\n  kmsg_start();\n"
     << setup.code << "\n"
     << "  for (k = 0; op_names[k]; k++) {\n    struct outcome o;\n"
     << "    prog->op = k;\n    prog->phase = 1;\n"
     << "    /* A self-test of the watchdog: stall in op N as a hung kernel would. */\n"
     << "    if (stall && atoi(stall) == k + 1) for (;;) pause();\n"
     << "    memset(&o, 0, sizeof o);\n"
     << "    kmsg_mark(k);\n"
     << "    if (procs[k]) on_peer(procs[k], k, &o); else run_op(k, &o);\n"
     << "    check(k, op_names[k], &o, &expected[k]);\n    kmsg_check(k);\n"
     << "    free(o.data);\n    free(o.dirty_map);\n  }\n"
     << "  prog->phase = 2;\n"
     << (uses_hold ? "  if (ifs_ready) if_close(&ifs); /* a read still held is let go */\n" : "")
     << "  /* The mappings go away at exit; their teardown is part of the case, as in daxprop. */\n"
     << "  for (k = 0; k < MAX_HANDLES; k++) if (maps[k]) munmap(maps[k], lens[k]);\n"
     << "  for (k = 1; k < 8; k++) if (peer_to[k]) close(peer_to[k]);\n"
     << "  while (wait(NULL) > 0) {}\n  kmsg_check(-1);\n"
     << "  printf(\"OK: all ops behaved as expected\\n\");\n  return 0;\n}\n\n"
     << k_stacks_text << "\n" << kWatchdog;
  return os.str();
}

}  // namespace daxprop
