#define _GNU_SOURCE
#include "stacks.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define KS_MAX_BYTES (48 * 1024) /* a report past this is cut, and says so */
#define KS_MAX_OTHERS 32         /* tasks in D state outside the group */

/* The whole of a small /proc file, NUL-terminated; 0 or -1. */
static int ks_read(const char *path, char *buf, size_t len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  ssize_t n, got = 0;
  if (fd < 0) return -1;
  while (got < (ssize_t)len - 1 && (n = read(fd, buf + got, len - 1 - (size_t)got)) > 0) got += n;
  close(fd);
  buf[got] = 0;
  return 0;
}

/* From /proc/PID[/task/TID]/stat: comm, state and process group. 0 or -1. */
static int ks_stat(const char *dir, char *comm, size_t comm_len, char *state, int *pgrp) {
  char path[600], buf[1024];
  const char *open_paren, *close_paren;
  int ppid;
  snprintf(path, sizeof path, "%s/stat", dir);
  if (ks_read(path, buf, sizeof buf) != 0) return -1;
  open_paren = strchr(buf, '(');
  close_paren = strrchr(buf, ')'); /* a comm may hold ')' itself */
  if (!open_paren || !close_paren || close_paren < open_paren) return -1;
  snprintf(comm, comm_len, "%.*s", (int)(close_paren - open_paren - 1), open_paren + 1);
  return sscanf(close_paren + 1, " %c %d %d", state, &ppid, pgrp) == 3 ? 0 : -1;
}

/* One task: its line and its stack, indented. */
static void ks_task(FILE *out, const char *dir, const char *pid, const char *tid, const char *comm,
                    char state) {
  char path[600], wchan[128] = "", stack[4096] = "";
  const char *line = stack;
  snprintf(path, sizeof path, "%s/wchan", dir);
  ks_read(path, wchan, sizeof wchan);
  fprintf(out, "%s/%s %s state %c wchan %s\n", pid, tid, comm, state,
          wchan[0] && strcmp(wchan, "0") != 0 ? wchan : "-");
  snprintf(path, sizeof path, "%s/stack", dir);
  if (ks_read(path, stack, sizeof stack) != 0) {
    fprintf(out, "  (no kernel stack: /proc/%s/task/%s/stack cannot be read)\n", pid, tid);
    return;
  }
  while (*line) {
    const char *end = strchr(line, '\n');
    size_t n = end ? (size_t)(end - line) : strlen(line);
    const char *text = line;
    if (n > 6 && strncmp(text, "[<0>] ", 6) == 0) text += 6; /* addresses are hidden anyway */
    fprintf(out, "  %.*s\n", (int)(n - (size_t)(text - line)), text);
    line += n + (end ? 1 : 0);
  }
}

/* The tasks of /proc/PID: all of them in group pgid (in_group), else those in D outside it;
 * at most `left`. How many were shown. */
static int ks_process(FILE *out, const char *pid, int pgid, int in_group, int left) {
  char dir[280], tdir[540], comm[64], state;
  int pgrp, n = 0;
  DIR *tasks;
  struct dirent *t;
  snprintf(dir, sizeof dir, "/proc/%s/task", pid);
  tasks = opendir(dir);
  if (!tasks) return 0;
  while (n < left && (t = readdir(tasks)) != NULL) {
    if (!isdigit((unsigned char)t->d_name[0])) continue;
    snprintf(tdir, sizeof tdir, "%s/%s", dir, t->d_name);
    if (ks_stat(tdir, comm, sizeof comm, &state, &pgrp) != 0) continue;
    if ((pgrp == pgid) != in_group) continue;
    if (!in_group && state != 'D') continue;
    ks_task(out, tdir, pid, t->d_name, comm, state);
    n++;
  }
  closedir(tasks);
  return n;
}

char *ks_report(int pgid) {
  char *text = NULL;
  size_t len = 0;
  int pass, others = 0;
  FILE *out;
  DIR *proc = opendir("/proc");
  if (!proc) return NULL;
  out = open_memstream(&text, &len);
  if (!out) {
    closedir(proc);
    return NULL;
  }
  for (pass = 0; pass < 2; pass++) {
    struct dirent *p;
    int found = 0;
    fprintf(out, pass == 0 ? "tasks of process group %d:\n" : "other tasks in D state:\n", pgid);
    rewinddir(proc);
    while ((p = readdir(proc)) != NULL && others < KS_MAX_OTHERS) {
      if (!isdigit((unsigned char)p->d_name[0])) continue;
      if (pass == 0) {
        found += ks_process(out, p->d_name, pgid, 1, 1 << 20);
      } else {
        int k = ks_process(out, p->d_name, pgid, 0, KS_MAX_OTHERS - others);
        found += k;
        others += k;
      }
      if (ftell(out) > KS_MAX_BYTES) break;
    }
    if (!found) fprintf(out, "  (none)\n");
    if (others >= KS_MAX_OTHERS) fprintf(out, "  (more not shown)\n");
  }
  closedir(proc);
  fclose(out);
  if (len > KS_MAX_BYTES) {
    static const char kCut[] = "\n(cut here: the report is longer)\n";
    memcpy(text + KS_MAX_BYTES - sizeof kCut, kCut, sizeof kCut);
  }
  return text;
}
