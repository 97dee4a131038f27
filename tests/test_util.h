// Helpers shared by the tests that run programs.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace daxprop {

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

}  // namespace daxprop
