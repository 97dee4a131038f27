/* Copies between a buffer and a mapping of this process through another kernel path that
 * reaches the mapping's pages with GUP (src/gup_copy.c): C, shared verbatim with the
 * reproducers. */
#ifndef DAXPROP_GUP_COPY_H
#define DAXPROP_GUP_COPY_H

#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

enum gc_method {
  GC_PVM_READ,       /* process_vm_readv: mapping -> buf */
  GC_PVM_WRITE,      /* process_vm_writev: buf -> mapping */
  GC_PROC_MEM_READ,  /* pread(2) of /proc/self/mem */
  GC_PROC_MEM_WRITE, /* pwrite(2) of /proc/self/mem */
  GC_VMSPLICE,       /* vmsplice(2) of the mapping into a pipe, read back at once */
};

/* Copies len bytes between the mapping at addr and buf as `method` says; returns the bytes
 * copied (fewer where the kernel stopped at a page it could not get) or -errno. */
ssize_t gc_copy(int method, void *addr, void *buf, uint64_t len);

/* io_uring fixed buffer: registers [addr, addr + len) (io_uring_register_buffers: a long-term
 * FOLL_WRITE pin), then IORING_OP_READ_FIXED of len bytes from a memfd holding buf into it
 * (to_file 0), or IORING_OP_WRITE_FIXED of them from it to a memfd, read back into buf
 * (to_file 1); unregisters. Bytes moved or -errno. */
ssize_t gc_io_uring_fixed(void *addr, void *buf, uint64_t len, int to_file);

#ifdef __cplusplus
}
#endif

#endif
