/* Each method makes the kernel get the mapping's pages itself (GUP) rather than fault through
 * the mapping: process_vm_readv/writev pin them (pin_user_pages_remote, no FOLL_FORCE),
 * /proc/self/mem takes them with FOLL_FORCE (it can read PROT_NONE pages and write read-only
 * private ones, as a debugger does), vmsplice takes references the pipe holds until it is read
 * (iov_iter_get_pages2). */
#define _GNU_SOURCE
#include "gup_copy.h"

#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

static ssize_t gc_proc_mem(void *addr, void *buf, uint64_t len, int write) {
  ssize_t n;
  int e, f = open("/proc/self/mem", (write ? O_RDWR : O_RDONLY) | O_CLOEXEC);
  if (f < 0) return -errno;
  n = write ? pwrite(f, buf, len, (off_t)(uintptr_t)addr) : pread(f, buf, len, (off_t)(uintptr_t)addr);
  e = errno;
  close(f);
  return n < 0 ? -e : n;
}

/* vmsplice moves at most a pipe's worth of pages per call: splice, drain, repeat, as long as
 * the kernel takes some; its first refusal ends the copy (or is the result if nothing moved). */
static ssize_t gc_vmsplice(void *addr, void *buf, uint64_t len) {
  int p[2];
  uint64_t done = 0;
  ssize_t err = 0;
  if (pipe2(p, O_CLOEXEC) != 0) return -errno;
  while (done < len) {
    struct iovec iov = {(char *)addr + done, len - done};
    ssize_t n = vmsplice(p[1], &iov, 1, SPLICE_F_NONBLOCK), got = 0;
    if (n <= 0) {
      err = n < 0 ? -errno : -EIO;
      break;
    }
    while (got < n) {
      ssize_t r = read(p[0], (char *)buf + done + got, (size_t)(n - got));
      if (r <= 0) {
        err = r < 0 ? -errno : -EIO;
        break;
      }
      got += r;
    }
    done += (uint64_t)got;
    if (got < n) break;
  }
  close(p[0]);
  close(p[1]);
  return done ? (ssize_t)done : (len ? err : 0);
}

ssize_t gc_io_uring_fixed(void *addr, void *buf, uint64_t len, int to_file) {
  struct io_uring ring;
  struct io_uring_cqe *cqe;
  struct iovec iov = {addr, len};
  int rc, mfd = memfd_create("daxprop-fixed", MFD_CLOEXEC);
  if (mfd < 0) return -errno;
  if (!to_file && pwrite(mfd, buf, len, 0) != (ssize_t)len) {
    close(mfd);
    return -EIO;
  }
  rc = io_uring_queue_init(4, &ring, 0); /* liburing returns -errno and leaves errno alone */
  if (rc < 0) {
    close(mfd);
    return rc;
  }
  rc = io_uring_register_buffers(&ring, &iov, 1);
  if (rc == 0) {
    struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
    if (to_file) {
      io_uring_prep_write_fixed(sqe, mfd, addr, (unsigned)len, 0, 0);
    } else {
      io_uring_prep_read_fixed(sqe, mfd, addr, (unsigned)len, 0, 0);
    }
    rc = io_uring_submit_and_wait(&ring, 1);
    if (rc >= 0) rc = io_uring_wait_cqe(&ring, &cqe);
    if (rc >= 0) {
      rc = cqe->res;
      io_uring_cqe_seen(&ring, cqe);
    }
    io_uring_unregister_buffers(&ring);
  }
  io_uring_queue_exit(&ring);
  if (rc > 0 && to_file && pread(mfd, buf, (size_t)rc, 0) != rc) rc = -EIO;
  close(mfd);
  return rc;
}

ssize_t gc_copy(int method, void *addr, void *buf, uint64_t len) {
  struct iovec local = {buf, len}, remote = {addr, len};
  ssize_t n;
  switch (method) {
    case GC_PVM_READ:
      n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
      return n < 0 ? -errno : n;
    case GC_PVM_WRITE:
      n = process_vm_writev(getpid(), &local, 1, &remote, 1, 0);
      return n < 0 ? -errno : n;
    case GC_PROC_MEM_READ: return gc_proc_mem(addr, buf, len, 0);
    case GC_PROC_MEM_WRITE: return gc_proc_mem(addr, buf, len, 1);
    case GC_VMSPLICE: return gc_vmsplice(addr, buf, len);
  }
  return -EINVAL;
}
