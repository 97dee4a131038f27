/* O_DIRECT to a block device pins the user pages for the I/O (block/fops.c
 * __blkdev_direct_IO_simple: bio_iov_iter_get_pages, FOLL_PIN, short-term) -- unlike O_DIRECT on
 * tmpfs, which is a buffered copy. A loop device over a memfd is a real block device that
 * touches nothing of the machine's. */
#define _GNU_SOURCE
#include "odirect.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

int od_open(struct od_dev *d) {
  int ctl, tries;
  d->backing = d->bdev = -1;
  d->backing = memfd_create("daxprop-bdev", MFD_CLOEXEC);
  if (d->backing < 0 || ftruncate(d->backing, OD_SIZE) != 0) return -errno;
  ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
  if (ctl < 0) return -errno;
  for (tries = 0; tries < 16; tries++) {
    struct loop_config cfg;
    char path[64];
    int n = ioctl(ctl, LOOP_CTL_GET_FREE);
    if (n < 0) break;
    snprintf(path, sizeof path, "/dev/loop%d", n);
    d->bdev = open(path, O_RDWR | O_DIRECT | O_CLOEXEC);
    if (d->bdev < 0) continue;
    memset(&cfg, 0, sizeof cfg);
    cfg.fd = (uint32_t)d->backing;
    cfg.block_size = 512;
    cfg.info.lo_flags = LO_FLAGS_AUTOCLEAR;
    if (ioctl(d->bdev, LOOP_CONFIGURE, &cfg) == 0) {
      close(ctl);
      return 0;
    }
    close(d->bdev); /* taken by someone else meanwhile (EBUSY): the next free one */
    d->bdev = -1;
  }
  {
    int e = errno ? -errno : -ENODEV;
    close(ctl);
    return e;
  }
}

void od_close(struct od_dev *d) {
  if (d->bdev >= 0) close(d->bdev);
  if (d->backing >= 0) close(d->backing);
  d->bdev = d->backing = -1;
}

ssize_t od_read(struct od_dev *d, void *dst, const void *src, uint64_t len) {
  ssize_t n;
  if (pwrite(d->backing, src, len, 0) != (ssize_t)len) return -EIO;
  n = pread(d->bdev, dst, len, 0);
  return n < 0 ? -errno : n;
}

ssize_t od_write(struct od_dev *d, const void *src, void *back, uint64_t len) {
  ssize_t n = pwrite(d->bdev, src, len, 0);
  if (n < 0) return -errno;
  if (n > 0 && pread(d->backing, back, (size_t)n, 0) != n) return -EIO;
  return n;
}
