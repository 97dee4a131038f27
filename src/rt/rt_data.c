/* Pattern bytes and CRC-32, for daxprop and its reproducers alike. */
#define _GNU_SOURCE
#include "rt.h"

#include <pthread.h>
#include <string.h>

static uint64_t rt_splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/* Byte i of pattern pat is byte i % 8 of splitmix64((pat << 40) ^ (i / 8)). */
void rt_pattern_fill(uint32_t pat, uint64_t first, uint8_t *out, uint64_t n) {
  const uint64_t key = (uint64_t)pat << 40;
  uint64_t i = first, k = 0;
  /* Whole words straight into place once aligned to the pattern's word grid. */
  if ((i & 7) == 0) {
    for (; k + 8 <= n; k += 8, i += 8) {
      uint64_t w = rt_splitmix64(key ^ (i >> 3));
      memcpy(out + k, &w, 8);
    }
  }
  while (k < n) {
    uint64_t w = rt_splitmix64(key ^ (i >> 3));
    uint64_t in_word = i & 7, m = 8 - in_word < n - k ? 8 - in_word : n - k;
    memcpy(out + k, (const uint8_t *)&w + in_word, m);
    k += m;
    i += m;
  }
}

/* Slicing by 8: reads are checksummed for every trace line, megabytes at a time on huge-page
 * backings. */
static uint32_t rt_crc_tab[8][256];
static pthread_once_t rt_crc_once = PTHREAD_ONCE_INIT;
static void rt_crc_init(void) {
  uint32_t i, c;
  int j, k;
  for (i = 0; i < 256; i++) {
    c = i;
    for (j = 0; j < 8; j++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    rt_crc_tab[0][i] = c;
  }
  for (i = 0; i < 256; i++) {
    for (k = 1; k < 8; k++) {
      rt_crc_tab[k][i] = (rt_crc_tab[k - 1][i] >> 8) ^ rt_crc_tab[0][rt_crc_tab[k - 1][i] & 0xFF];
    }
  }
}

uint32_t rt_crc32(const uint8_t *p, uint64_t n) {
  uint32_t c = 0xFFFFFFFFu, lo, hi;
  pthread_once(&rt_crc_once, rt_crc_init);
  while (n >= 8) {
    memcpy(&lo, p, 4);
    memcpy(&hi, p + 4, 4);
    lo ^= c;
    c = rt_crc_tab[7][lo & 0xFF] ^ rt_crc_tab[6][(lo >> 8) & 0xFF] ^
        rt_crc_tab[5][(lo >> 16) & 0xFF] ^ rt_crc_tab[4][lo >> 24] ^
        rt_crc_tab[3][hi & 0xFF] ^ rt_crc_tab[2][(hi >> 8) & 0xFF] ^
        rt_crc_tab[1][(hi >> 16) & 0xFF] ^ rt_crc_tab[0][hi >> 24];
    p += 8;
    n -= 8;
  }
  while (n--) c = rt_crc_tab[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}
