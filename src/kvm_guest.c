/* A tiny KVM guest through <linux/kvm.h> alone, shared by daxprop (compiled in) and by its C
 * reproducers (this text is pasted into them), so a reproducer runs exactly what daxprop ran.
 *
 * The guest runs 32-bit protected mode with paging off, so a guest physical address is what the
 * guest uses: slot 0 (GPA 0, 4 MiB of anonymous memory) holds the code (rep movsb; hlt at
 * 0x1000) and a transfer buffer (at 1 MiB); slots 1..3 map host ranges at GPA 1, 2 and 3 GiB
 * (1 GiB aligned, so a guest huge page lines up with the host's when the host range does).
 * Each copy runs on a fresh vCPU: one that stopped in an MMIO exit or an error keeps its
 * half-done instruction, and a new one starts clean. */
#include "kvm_guest.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

int kg_open(struct kg_vm *vm) {
  struct kvm_userspace_memory_region r;
  static const unsigned char code[] = {0xf3, 0xa4, 0xf4}; /* rep movsb; hlt */
  memset(vm, 0, sizeof *vm);
  vm->vm = vm->stats = -1;
  vm->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (vm->kvm < 0) return -errno;
  vm->vm = ioctl(vm->kvm, KVM_CREATE_VM, 0);
  if (vm->vm < 0) return -errno;
  vm->mem = mmap(NULL, KG_SLOT0_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (vm->mem == MAP_FAILED) return -errno;
  memcpy(vm->mem + KG_CODE, code, sizeof code);
  memset(&r, 0, sizeof r);
  r.slot = 0;
  r.memory_size = KG_SLOT0_SIZE;
  r.userspace_addr = (unsigned long)vm->mem;
  if (ioctl(vm->vm, KVM_SET_USER_MEMORY_REGION, &r) != 0) return -errno;
  vm->mmap_size = ioctl(vm->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
  if (vm->mmap_size <= 0) return -errno;
  vm->stats = ioctl(vm->vm, KVM_GET_STATS_FD, 0);  /* -1 if the kernel has no binary stats */
  return 0;
}

void kg_close(struct kg_vm *vm) {
  if (vm->stats >= 0) close(vm->stats);
  if (vm->vm >= 0) close(vm->vm);
  if (vm->kvm >= 0) close(vm->kvm);
  if (vm->mem && vm->mem != MAP_FAILED) munmap(vm->mem, KG_SLOT0_SIZE);
  memset(vm, 0, sizeof *vm);
  vm->kvm = vm->vm = vm->stats = -1;
}

int kg_slot(struct kg_vm *vm, int slot, void *hva, uint64_t len, int flags) {
  struct kvm_userspace_memory_region r;
  memset(&r, 0, sizeof r);
  r.slot = (uint32_t)slot;
  r.flags = ((flags & KG_READONLY) ? KVM_MEM_READONLY : 0) |
            ((flags & KG_LOG_DIRTY) ? KVM_MEM_LOG_DIRTY_PAGES : 0);
  r.guest_phys_addr = kg_gpa(slot);
  r.memory_size = len;  /* 0 deletes the slot */
  r.userspace_addr = (unsigned long)hva;
  return ioctl(vm->vm, KVM_SET_USER_MEMORY_REGION, &r) == 0 ? 0 : -errno;
}

int kg_dirty(struct kg_vm *vm, int slot, uint64_t len, uint64_t *bitmap) {
  struct kvm_dirty_log log;
  memset(&log, 0, sizeof log);
  memset(bitmap, 0, ((len / 4096 + 63) / 64) * 8);
  log.slot = (uint32_t)slot;
  log.dirty_bitmap = bitmap;
  return ioctl(vm->vm, KVM_GET_DIRTY_LOG, &log) == 0 ? 0 : -errno;
}

static void flat(struct kvm_segment *s, uint16_t sel, uint8_t type) {
  memset(s, 0, sizeof *s);
  s->base = 0;
  s->limit = 0xffffffff;
  s->selector = sel;
  s->type = type;
  s->present = 1;
  s->db = 1;
  s->s = 1;
  s->g = 1;
}

int kg_copy(struct kg_vm *vm, uint64_t dst, uint64_t src, uint64_t len, struct kg_exit *x) {
  struct kvm_sregs sregs;
  struct kvm_regs regs;
  struct kvm_run *run;
  int cpu, rc = 0;
  memset(x, 0, sizeof *x);
  cpu = ioctl(vm->vm, KVM_CREATE_VCPU, vm->next_vcpu++);
  if (cpu < 0) return -errno;
  run = mmap(NULL, (size_t)vm->mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, cpu, 0);
  if (run == MAP_FAILED) {
    rc = -errno;
    close(cpu);
    return rc;
  }
  if (ioctl(cpu, KVM_GET_SREGS, &sregs) != 0) goto fail;
  flat(&sregs.cs, 8, 11);  /* code: execute/read, accessed */
  flat(&sregs.ds, 16, 3);  /* data: read/write, accessed */
  sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
  sregs.cr0 = 0x11;        /* PE, ET: protected mode, no paging */
  if (ioctl(cpu, KVM_SET_SREGS, &sregs) != 0) goto fail;
  memset(&regs, 0, sizeof regs);
  regs.rip = KG_CODE;
  regs.rsi = src;
  regs.rdi = dst;
  regs.rcx = len;
  regs.rflags = 2;
  if (ioctl(cpu, KVM_SET_REGS, &regs) != 0) goto fail;
  if (ioctl(cpu, KVM_RUN, 0) != 0) {
    /* The host page behind a GPA is gone or refused (munmap, PROT_NONE, past EOF). */
    x->err = errno;
  } else if (run->exit_reason == KVM_EXIT_MMIO) {
    x->mmio = 1;  /* a GPA without memory, or a store to a read-only slot */
    x->mmio_gpa = run->mmio.phys_addr;
  } else if (run->exit_reason != KVM_EXIT_HLT) {
    x->other = (int)run->exit_reason;
  }
  /* How far the copy got: rep movsb counts rcx down. */
  if (ioctl(cpu, KVM_GET_REGS, &regs) == 0) x->done = len - regs.rcx;
  munmap(run, (size_t)vm->mmap_size);
  close(cpu);
  return 0;
fail:
  rc = -errno;
  munmap(run, (size_t)vm->mmap_size);
  close(cpu);
  return rc;
}

int kg_pages(struct kg_vm *vm, uint64_t out[3]) {
  struct kvm_stats_header h;
  char *desc;
  size_t dsize;
  uint32_t i;
  int found = 0;
  if (vm->stats < 0) return -ENOTTY;
  if (pread(vm->stats, &h, sizeof h, 0) != (ssize_t)sizeof h) return -errno;
  dsize = sizeof(struct kvm_stats_desc) + h.name_size;
  desc = malloc(dsize * h.num_desc);
  if (!desc) return -ENOMEM;
  if (pread(vm->stats, desc, dsize * h.num_desc, h.desc_offset) != (ssize_t)(dsize * h.num_desc)) {
    free(desc);
    return -EIO;
  }
  out[0] = out[1] = out[2] = 0;
  for (i = 0; i < h.num_desc; i++) {
    struct kvm_stats_desc *d = (struct kvm_stats_desc *)(desc + i * dsize);
    int k = !strcmp(d->name, "pages_4k") ? 0 : !strcmp(d->name, "pages_2m") ? 1
            : !strcmp(d->name, "pages_1g") ? 2 : -1;
    if (k < 0) continue;
    if (pread(vm->stats, &out[k], sizeof out[k], h.data_offset + d->offset) == sizeof out[k]) found++;
  }
  free(desc);
  return found == 3 ? 0 : -ENOENT;
}
