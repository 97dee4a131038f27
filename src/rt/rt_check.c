/* Does an outcome agree with the model's expectation? daxprop's oracle (src/oracle.cc) and every
 * reproducer decide it here; each words the difference its own way. */
#define _GNU_SOURCE
#include "rt.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static int rt_same_kind(const struct rt_expect *e, const struct rt_outcome *o, int *same_fault) {
  /* A machine-check SIGBUS reports the poisoned entry: si_addr_lsb is "the least significant
   * bit of the reported address and therefore the extent of the corruption" (sigaction(2)), so
   * only si_addr's bits above it name the entry (6.12 reports the faulting page inside a 2 MiB
   * entry, 6.18 the entry's start). Mappings start at 4 GiB-aligned slots: an offset's bits are
   * its address's. */
  const int mce = e->kind == RT_SIG && (e->code == BUS_MCEERR_AR || e->code == BUS_MCEERR_AO) &&
                  e->lsb > 0 && e->lsb == o->lsb && e->lsb < 64;
  *same_fault = mce ? (e->fault_off >> e->lsb) == (o->fault_off >> o->lsb)
                    : e->fault_off == o->fault_off;
  return e->kind == o->kind && e->err == o->err && e->sig == o->sig && e->code == o->code &&
         (*same_fault || e->any_off) && (e->lsb == 0 || e->lsb == o->lsb) &&
         e->has_mmio == o->has_mmio && (!e->has_mmio || e->mmio == o->mmio) && e->held == o->held;
}

static int rt_diff_at(struct rt_diff *d, int what, uint64_t at, uint64_t value) {
  d->what = what;
  d->at = at;
  d->value = value;
  return what;
}

/* Large reads: the CRC of each 4 KiB block, the unspecified bytes counted as 0. */
static int rt_check_blocks(const struct rt_expect *e, const struct rt_outcome *o, struct rt_diff *d) {
  uint8_t block[4096];
  uint64_t b, j;
  for (b = 0; b * 4096 < e->data_len; b++) {
    const uint64_t lo = b * 4096, n = e->data_len - lo < 4096 ? e->data_len - lo : 4096;
    uint32_t crc;
    memcpy(block, o->data + lo, n);
    for (j = 0; j < (uint64_t)e->n_unknown; j++) {
      uint64_t from = e->unknown[2 * j], to = e->unknown[2 * j + 1];
      if (from < lo) from = lo;
      if (to > lo + n) to = lo + n;
      if (from < to) memset(block + (from - lo), 0, to - from);
    }
    crc = rt_crc32(block, n);
    if (crc != e->block_crc[b]) return rt_diff_at(d, RT_D_BLOCK, b, crc);
  }
  return RT_SAME;
}

int rt_check(const struct rt_op *op, const struct rt_expect *e, const struct rt_outcome *o,
             struct rt_diff *d) {
  uint64_t i;
  memset(d, 0, sizeof *d);
  if (!rt_same_kind(e, o, &d->same_fault)) {
    /* KVM: the guest stopped before a host page it could not have; -EFAULT is what the source
     * says, an MMIO exit at that byte keeps stale data out as well. */
    if (e->kvm_stop && o->kind == RT_OK && o->has_mmio && op->kind == RT_KVM_ACCESS &&
        o->mmio == op->off + (e->has_n ? e->n : 0)) {
      return RT_SAME;
    }
    if (o->kind == RT_ERR && o->err && (o->err == e->alt_err[0] || o->err == e->alt_err[1])) {
      return RT_SAME;
    }
    return rt_diff_at(d, RT_D_OUTCOME, 0, 0);
  }
  if (e->has_n && (!o->has_n || o->n != e->n)) return rt_diff_at(d, RT_D_COUNT, 0, 0);
  if (op->kind == RT_PROBE && o->kind == RT_OK) {
    if (e->units >= 0 && o->n_faults != (uint64_t)e->units) return rt_diff_at(d, RT_D_UNITS, 0, 0);
    for (i = 0; i < (uint64_t)e->n_bounds; i++) {
      const struct rt_fbound *b = &e->bounds[i];
      uint64_t sum = 0, u;
      for (u = (uint64_t)b->first; u < (uint64_t)b->first + (uint64_t)b->n && u < o->n_faults; u++) {
        sum += o->faults[u];
      }
      if (sum < b->min || sum > b->max) return rt_diff_at(d, RT_D_BOUND, i, sum);
    }
    return RT_SAME;
  }
  if (op->kind == RT_KVM_ACCESS && o->kind == RT_OK && (e->kvm_min_2m || e->kvm_min_1g)) {
    if (!o->has_pages) return rt_diff_at(d, RT_D_NO_PAGES, 0, 0);
    if (o->pages[1] + 512 * o->pages[2] < e->kvm_min_2m || o->pages[2] < e->kvm_min_1g) {
      return rt_diff_at(d, RT_D_LEVEL, 0, 0);
    }
  }
  if (op->kind == RT_KVM_DIRTY && o->kind == RT_OK) {
    for (i = 0; i < (uint64_t)e->n_must; i++) {
      uint64_t lo = 0, hi = o->n_dirty;
      while (lo < hi) {
        const uint64_t mid = lo + (hi - lo) / 2;
        if (o->dirty[mid] < e->must_dirty[i]) lo = mid + 1;
        else hi = mid;
      }
      if (lo == o->n_dirty || o->dirty[lo] != e->must_dirty[i]) {
        return rt_diff_at(d, RT_D_NOT_DIRTY, e->must_dirty[i], 0);
      }
    }
    if (o->n_dirty && o->dirty[o->n_dirty - 1] >= e->slot_pages) {
      return rt_diff_at(d, RT_D_DIRTY_PAST, o->dirty[o->n_dirty - 1], 0);
    }
  }
  /* Bytes: whenever either side carries some. */
  if (!e->data_len && !o->data_len) return RT_SAME;
  if (o->data_len != e->data_len) return rt_diff_at(d, RT_D_DATA_LEN, 0, 0);
  if (e->block_crc) return rt_check_blocks(e, o, d);
  /* Fast path: identical bytes need no look at the mask. */
  if (memcmp(e->data, o->data, e->data_len) == 0) return RT_SAME;
  for (i = 0; i < e->data_len; i++) {
    if ((!e->known || e->known[i]) && e->data[i] != o->data[i]) return rt_diff_at(d, RT_D_BYTE, i, 0);
  }
  return RT_SAME;
}

static const char *rt_describe(int kind, int err, int sig, int code, uint64_t off, int lsb,
                               char *buf, size_t cap) {
  if (kind == RT_OK) return "ok";
  if (kind == RT_ERR) { snprintf(buf, cap, "errno %d (%s)", err, strerror(err)); return buf; }
  snprintf(buf, cap, "signal %d si_code %d at page +0x%llx (lsb %d)", sig, code,
           (unsigned long long)off, lsb);
  return buf;
}

void rt_diff_text(const struct rt_expect *e, const struct rt_outcome *o, const struct rt_diff *d,
                  char *buf, size_t cap) {
  char a[96], b[96];
  uint64_t j;
  int at;
  switch (d->what) {
    case RT_D_OUTCOME:
      if (e->kind == o->kind && e->err == o->err && e->sig == o->sig && e->code == o->code &&
          e->held != o->held) {
        snprintf(buf, cap, "expected it %s, got it %s",
                 e->held ? "held back by the pinned page until the release" : "done at once",
                 o->held ? "held back (still running after IF_HOLD_MS)" : "done at once");
      } else if (e->has_mmio != o->has_mmio) {
        snprintf(buf, cap, "expected %s, got %s", e->has_mmio ? "an MMIO exit" : "no MMIO exit",
                 o->has_mmio ? "an MMIO exit" : "none");
      } else {
        char alt[96] = "";
        for (j = 0; j < 2 && e->alt_err[j]; j++) {
          const size_t used = strlen(alt);
          snprintf(alt + used, sizeof alt - used, " or errno %d (%s)", e->alt_err[j], strerror(e->alt_err[j]));
        }
        snprintf(buf, cap, "expected %s%s, got %s",
                 rt_describe(e->kind, e->err, e->sig, e->code, e->fault_off, e->lsb, a, sizeof a),
                 alt, rt_describe(o->kind, o->err, o->sig, o->code, o->fault_off, o->lsb, b, sizeof b));
      }
      return;
    case RT_D_COUNT:
      snprintf(buf, cap, "expected %llu bytes, got %llu", (unsigned long long)e->n,
               (unsigned long long)o->n);
      return;
    case RT_D_UNITS:
      snprintf(buf, cap, "expected fault counts for %lld 2 MiB units, got %llu",
               (long long)e->units, (unsigned long long)o->n_faults);
      return;
    case RT_D_BOUND: {
      const struct rt_fbound *f = &e->bounds[d->at];
      snprintf(buf, cap, "%llu page faults in units %d..%d, expected %u..%u (%s)",
               (unsigned long long)d->value, f->first, f->first + f->n - 1, f->min, f->max, f->why);
      return;
    }
    case RT_D_NO_PAGES:
      snprintf(buf, cap, "no KVM page stats (pages_4k/2m/1g) to check the huge mapping that was due");
      return;
    case RT_D_LEVEL:
      snprintf(buf, cap, "KVM maps pages_2m=%llu pages_1g=%llu, expected at least %llu 2 MiB units / "
               "%llu 1 GiB pages (the host maps it huge)", (unsigned long long)o->pages[1],
               (unsigned long long)o->pages[2], (unsigned long long)e->kvm_min_2m,
               (unsigned long long)e->kvm_min_1g);
      return;
    case RT_D_NOT_DIRTY:
      snprintf(buf, cap, "the guest wrote page %llu but the dirty log does not report it",
               (unsigned long long)d->at);
      return;
    case RT_D_DIRTY_PAST:
      snprintf(buf, cap, "the dirty log reports page %llu, past the slot's %llu pages",
               (unsigned long long)d->at, (unsigned long long)e->slot_pages);
      return;
    case RT_D_DATA_LEN:
      snprintf(buf, cap, "expected %llu bytes read, got %llu", (unsigned long long)e->data_len,
               (unsigned long long)o->data_len);
      return;
    case RT_D_BYTE:
      snprintf(buf, cap, "byte +0x%llx is 0x%02x, expected 0x%02x", (unsigned long long)d->at,
               o->data[d->at], e->data[d->at]);
      return;
    case RT_D_BLOCK: {
      const uint64_t lo = d->at * 4096, n = e->data_len - lo < 4096 ? e->data_len - lo : 4096;
      at = snprintf(buf, cap, "the bytes read at +0x%llx..+0x%llx are not what a correct kernel "
                    "holds there (CRC-32 0x%08x, expected 0x%08x); they start",
                    (unsigned long long)lo, (unsigned long long)(lo + n), (unsigned)d->value,
                    e->block_crc[d->at]);
      for (j = 0; j < 16 && j < n && at > 0 && (size_t)at + 4 < cap; j++) {
        at += snprintf(buf + at, cap - (size_t)at, " %02x", o->data[lo + j]);
      }
      return;
    }
    default:
      snprintf(buf, cap, "agrees");
  }
}
