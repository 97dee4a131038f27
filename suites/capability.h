// The capability table (summary.json "capabilities"): per backing, the largest mapping size a
// fresh, aligned mapping of it gets on this kernel, which sizes the kernel offers and why, and
// what the observers saw. Measured once per run, after setup, in a child process.
#pragma once

#include <map>
#include <string>

#include "fixtures/backing.h"

namespace daxprop {

// How the SIZE family observes mapping levels (summary.json "size_observer").
std::string size_observer();

// Measures backing `b` (set up) in a forked child; keys: rule, offered, evidence,
// largest_mapping (4K/2M/1G), probe_4M / probe_1G (fault counts, PAGEMAP_SCAN), error.
std::map<std::string, std::string> measure_capability(const Backing& b, double timeout_s);

}  // namespace daxprop
