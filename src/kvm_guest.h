/* The tiny KVM guest (src/kvm_guest.c): C, <linux/kvm.h> only. */
#ifndef DAXPROP_KVM_GUEST_H
#define DAXPROP_KVM_GUEST_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KG_SLOT0_SIZE (4u << 20)
#define KG_CODE 0x1000u
#define KG_BUF 0x100000u /* transfer buffer in slot 0: up to 3 MiB */
#define KG_BUF_MAX (KG_SLOT0_SIZE - KG_BUF)

struct kg_vm {
  int kvm, vm, stats;
  int mmap_size;
  int next_vcpu;
  unsigned char *mem; /* slot 0 */
};

struct kg_exit {
  uint64_t done;      /* bytes the guest copied */
  int err;            /* KVM_RUN failed with this errno (host page unavailable) */
  int mmio;           /* the guest stopped in an MMIO exit at mmio_gpa */
  uint64_t mmio_gpa;
  int other;          /* any other exit reason */
};

/* GPA where slot 1..3 starts. */
static inline uint64_t kg_gpa(int slot) { return (uint64_t)slot << 30; }

int kg_open(struct kg_vm *vm); /* 0 or -errno */
void kg_close(struct kg_vm *vm);
/* flags: KG_READONLY, KG_LOG_DIRTY. */
#define KG_READONLY 1
#define KG_LOG_DIRTY 2
int kg_slot(struct kg_vm *vm, int slot, void *hva, uint64_t len, int flags);
/* KVM_GET_DIRTY_LOG of a slot of len bytes into bitmap (one bit per 4 KiB page, len/4096 bits,
 * 64-bit words); the log starts over. */
int kg_dirty(struct kg_vm *vm, int slot, uint64_t len, uint64_t *bitmap);
/* The guest copies len bytes from GPA src to GPA dst (rep movsb); *x says how it ended. */
int kg_copy(struct kg_vm *vm, uint64_t dst, uint64_t src, uint64_t len, struct kg_exit *x);
/* KVM's binary stats pages_4k/2m/1g of the VM (its stage-2 mappings by size). */
int kg_pages(struct kg_vm *vm, uint64_t out[3]);

#ifdef __cplusplus
}
#endif

#endif
