/* O_DIRECT I/O against a real block device (src/odirect.c): C, shared verbatim with the
 * reproducers. */
#ifndef DAXPROP_ODIRECT_H
#define DAXPROP_ODIRECT_H

#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OD_SIZE (8u << 20) /* bytes of the scratch device */

struct od_dev {
  int backing; /* memfd behind the loop device */
  int bdev;    /* /dev/loopN, O_DIRECT */
};

/* A loop device over a fresh memfd, detached by the kernel when its last opener closes
 * (LO_FLAGS_AUTOCLEAR). 0 or -errno. */
int od_open(struct od_dev *d);
void od_close(struct od_dev *d);
/* O_DIRECT read of len bytes at device offset 0 into dst, after putting `src` there;
 * returns bytes read or -errno. */
ssize_t od_read(struct od_dev *d, void *dst, const void *src, uint64_t len);
/* O_DIRECT write of len bytes from src to device offset 0; the bytes that reached the device
 * are copied to `back`. Returns bytes written or -errno. */
ssize_t od_write(struct od_dev *d, const void *src, void *back, uint64_t len);

#ifdef __cplusplus
}
#endif

#endif
