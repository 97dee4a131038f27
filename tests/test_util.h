// Helpers shared by the tests that run programs.
#pragma once

#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "src/common.h"
#include "src/emit_c.h"
#include "src/traits.h"

namespace daxprop {

// Model traits for the model and oracle tests, pinned to 6.12 rather than this machine's
// kernel: the memfd control, and fs-dax (ext4, PMD offered, a 4 MiB file). Tests set on top
// what else they need.
inline BackingTraits memfd_model_traits() {
  BackingTraits t;
  t.id = "memfd";
  t.kernel = kv(6, 12);
  return t;
}
inline BackingTraits fsdax_model_traits() {
  BackingTraits t = memfd_model_traits();
  t.id = "fsdax_ext4";
  t.huge_rule = BackingTraits::HugeRule::kFsDax;
  t.huge_pmd = true;
  t.dax_file = true;
  t.initial_size = 4 * kMiB;
  return t;
}

struct Cmd {
  int status = -1;
  std::string out;  // stdout and stderr
};

// Runs a shell command; its exit status (128 if it did not exit) and its combined output.
inline Cmd run_cmd(const std::string& cmd) {
  Cmd c;
  FILE* f = popen((cmd + " 2>&1").c_str(), "r");
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) c.out.append(buf, n);
  int st = pclose(f);
  c.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
  return c;
}

// Builds a C program the way a user would, with no include path (libc and kernel UAPI headers
// only), warnings as errors, plus `libs`; runs it; removes its directory again.
// `env` (e.g. "REPRO_TIMEOUT=1 ") goes before the program's name.
inline Cmd build_and_run_c(const std::string& src, const std::string& libs = "",
                           const std::string& env = "") {
  char d[] = "/var/tmp/daxprop-c-XXXXXX";
  if (!mkdtemp(d)) return Cmd{-1, "mkdtemp(/var/tmp/daxprop-c-XXXXXX) failed"};
  const std::string dir = d, c = dir + "/repro.c", bin = dir + "/repro";
  Cmd r{-1, "cannot write " + c};
  if (write_file(c, src)) {
    r = run_cmd("cc -std=c11 -Wall -Werror -O1 -o " + bin + " " + c + " " + libs + " 2>&1 && " +
                env + bin);
  }
  run_cmd("rm -rf " + dir);
  return r;
}

// How a reproducer makes a memfd object of `size` bytes.
inline CSetup memfd_c_setup(uint64_t size) {
  return CSetup{"  return rt_setup_memfd(c, 0, " + hex(size) + ");\n", ""};
}

}  // namespace daxprop
