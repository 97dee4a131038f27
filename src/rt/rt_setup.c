/* How a reproducer makes its object, one function per kind of backing (the fixture of each
 * backing names its call: its c_setup). Each sets c->fd (and c->obj_base) and returns
 * 0, or says why not and returns RT_SETUP_FAILED. */
#define _GNU_SOURCE
#include "rt_repro.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/vfio.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

/* The device keeps its bytes from run to run: start from zeros, as every case does. */
static int rt_zero(int fd, uint64_t off, uint64_t n, const char *what) {
  void *z;
  if (!n) return 0;
  z = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)off);
  if (z == MAP_FAILED) {
    fprintf(stderr, "mmap to zero %s: %s\n", what, strerror(errno));
    return RT_SETUP_FAILED;
  }
  memset(z, 0, n);
  munmap(z, n);
  return 0;
}

/* A memfd_create(2) object of `size` bytes (flags: MFD_HUGETLB | MFD_HUGE_2MB for hugetlbfs). */
int rt_setup_memfd(struct rt_ctx *c, unsigned flags, uint64_t size) {
  c->fd = memfd_create("repro", MFD_CLOEXEC | flags);
  if (c->fd < 0 || ftruncate(c->fd, (off_t)size) != 0) {
    perror("memfd_create");
    return RT_SETUP_FAILED;
  }
  return 0;
}

/* An unnamed file in `dir` (O_TMPFILE) of `size` bytes; `allocate`: its blocks allocated up front
 * (fallocate), as daxprop's fs-dax files are. */
int rt_setup_tmpfile(struct rt_ctx *c, const char *dir, uint64_t size, int allocate) {
  c->fd = open(dir, O_TMPFILE | O_RDWR, 0600);
  if (c->fd < 0 || (allocate ? fallocate(c->fd, 0, 0, (off_t)size) : ftruncate(c->fd, (off_t)size)) != 0) {
    perror(dir);
    return RT_SETUP_FAILED;
  }
  return 0;
}

/* A device-dax character device, its first zero_len bytes zeroed. */
int rt_setup_devdax(struct rt_ctx *c, const char *dev, uint64_t zero_len) {
  c->fd = open(dev, O_RDWR);
  if (c->fd < 0) {
    perror(dev);
    return RT_SETUP_FAILED;
  }
  return rt_zero(c->fd, 0, zero_len, dev);
}

/* A PCI device bound to vfio-pci (its whole IOMMU group), opened through VFIO; the object is
 * region `index` (a BAR), its first zero_len bytes zeroed. A group opens once per process: a
 * later call (a racing trace's next repetition) gets the same device again. */
static int rt_vfio_dev = -1;
static uint64_t rt_vfio_base;
int rt_setup_vfio(struct rt_ctx *c, const char *bdf, unsigned index, uint64_t zero_len) {
  char path[320], link[256], *g;
  ssize_t n;
  int container, group;
  struct vfio_group_status gs;
  struct vfio_region_info ri;
  memset(&gs, 0, sizeof gs);
  gs.argsz = sizeof gs;
  memset(&ri, 0, sizeof ri);
  ri.argsz = sizeof ri;
  ri.index = index;
  if (!bdf) {
    fprintf(stderr, "usage: repro PCI-ADDRESS (a device bound to vfio-pci)\n");
    return RT_SETUP_FAILED;
  }
  if (rt_vfio_dev >= 0) {
    c->fd = dup(rt_vfio_dev);
    c->obj_base = rt_vfio_base;
    if (c->fd < 0) {
      perror("dup");
      return RT_SETUP_FAILED;
    }
    return rt_zero(c->fd, c->obj_base, zero_len, "the BAR");
  }
  snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/iommu_group", bdf);
  n = readlink(path, link, sizeof link - 1);
  if (n < 0) {
    perror(path);
    return RT_SETUP_FAILED;
  }
  link[n] = 0;
  g = strrchr(link, '/');
  snprintf(path, sizeof path, "/dev/vfio/%s", g ? g + 1 : link);
  container = open("/dev/vfio/vfio", O_RDWR);
  group = open(path, O_RDWR);
  if (container < 0 || group < 0) {
    perror(container < 0 ? "/dev/vfio/vfio" : path);
    return RT_SETUP_FAILED;
  }
  if (ioctl(group, VFIO_GROUP_GET_STATUS, &gs) || !(gs.flags & VFIO_GROUP_FLAGS_VIABLE)) {
    fprintf(stderr, "%s: IOMMU group not viable (every device in it must be bound to vfio-pci)\n", path);
    return RT_SETUP_FAILED;
  }
  if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) ||
      (ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) && ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU))) {
    perror("VFIO container");
    return RT_SETUP_FAILED;
  }
  c->fd = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, bdf);
  if (c->fd < 0) {
    perror("VFIO_GROUP_GET_DEVICE_FD");
    return RT_SETUP_FAILED;
  }
  if (ioctl(c->fd, VFIO_DEVICE_GET_REGION_INFO, &ri) || ri.size < zero_len) {
    fprintf(stderr, "%s: region %u is missing or smaller than 0x%llx bytes\n", bdf, index,
            (unsigned long long)zero_len);
    return RT_SETUP_FAILED;
  }
  c->obj_base = ri.offset;
  rt_vfio_dev = dup(c->fd);
  rt_vfio_base = ri.offset;
  return rt_zero(c->fd, c->obj_base, zero_len, "the BAR");
}
