// RapidCheck generators for operation sequences. Arguments are drawn from the model (existing
// handles, the current EOF) and biased to the edges where kernels break: page, huge-page and EOF
// boundaries, one byte either side, empty and unaligned ranges.
#pragma once

#include <rapidcheck.h>

#include "src/model.h"

namespace daxprop {

// Relative weights of each op kind in a property's sequences (0 = never).
struct OpMix {
  int map = 0, unmap = 0, mprotect = 0, mremap = 0, madvise = 0, msync = 0;
  int write = 0, read = 0, syswrite = 0, sysread = 0, truncate = 0, punch = 0, fork = 0;
  int child_access = 0;  // read/write in a forked process
  int probe = 0;         // probe (fault counting), in the case process or a forked one
  int poison = 0;        // madvise(MADV_HWPOISON) of one page of a shared mapping
  int pin = 0;           // another kernel path through GUP: io_uring, process_vm_readv, /proc/self/mem
  int kvm = 0;           // KVM memslots over the mappings and guest copies through them
  // A read held in flight over a mapping (hold_read ... release), and the sibling file that
  // may take blocks the backing file frees meanwhile (fs-dax).
  int hold = 0;
  // Percent of maps drawn for huge entries: 2 MiB-multiple lengths at 2 MiB-aligned offsets
  // (now and then the whole first 1 GiB where the backing offers PUDs).
  int huge_maps = 0;
  int odd_args = 5;      // percent of arguments drawn from the invalid/unaligned edges
  int max_maps = 8;      // maps per case
};

rc::Gen<Op> gen_op(const Model& m, const OpMix& mix);

// Swarm testing (Groce et al., ISSTA 2012): one case's mix, drawn from `mix`: each op kind
// kept with probability 1/2 (map always) and its weight multiplied by 1 to 4, so that a case
// dwells on a few kinds (many truncates and pins, say) instead of spreading over all of them.
// At least one kind besides map stays.
rc::Gen<OpMix> gen_swarm(const OpMix& mix);

// How many ops each thread of a parallel section runs: 2 to 4 threads of 1 to 3 ops, at most 8
// in all. Drawn before anything else of a racing case, so that shrinking tries fewer threads
// and fewer ops first.
rc::Gen<std::vector<size_t>> gen_race_shape();
// The threads of a parallel section over state m (src/race.h), `shape` ops each, aimed at one
// spot (a mapped page, its unit, the file around it) so they conflict. Only ops
// that take effect in one step against the others' are drawn, so that a correct kernel's
// outcomes are those of some order of them: accesses of 1, 2, 4 or 8 naturally aligned bytes
// (one store or load each), truncate and punch-hole in whole units (no page zeroed in place
// under a load), and the kernel's own copies (read(2)/write(2), GUP) on bytes no other thread
// touches (a copy of several bytes is not atomic). Empty if m has nothing to race on.
rc::Gen<std::vector<std::vector<Op>>> gen_race_threads(const Model& m, const std::vector<size_t>& shape);

}  // namespace daxprop
