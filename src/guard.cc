// The runtime's fault guard (src/rt/rt_guard.c), for C++ callers.
#include "src/guard.h"

#include "src/rt/rt.h"

namespace daxprop {

namespace {
GuardedResult result_of(uint64_t done, const rt_fault& f) {
  GuardedResult r;
  r.done = done;
  if (f.sig) r.fault = FaultInfo{f.sig, f.code, f.addr, f.lsb};
  return r;
}
}  // namespace

void guard_install() { rt_guard_install(); }

uint64_t thread_faults() { return rt_thread_faults(); }

GuardedResult guarded_read(const uint8_t* mapped, uint8_t* out, size_t n) {
  rt_fault f;
  const uint64_t done = rt_guarded_copy(const_cast<uint8_t*>(mapped), out, n, 0, &f);
  return result_of(done, f);
}

GuardedResult guarded_write(uint8_t* mapped, const uint8_t* in, size_t n) {
  rt_fault f;
  const uint64_t done = rt_guarded_copy(mapped, const_cast<uint8_t*>(in), n, 1, &f);
  return result_of(done, f);
}

GuardedResult probe_faults(uint8_t* mapped, size_t n, bool store, std::vector<uint32_t>& faults) {
  // Room for every unit up front: the probe writes into it between its counts.
  std::vector<uint32_t> units(rt_probe_units(mapped, n));
  rt_fault f;
  const uint64_t done = rt_probe(mapped, n, store, units.data(), &f);
  faults.insert(faults.end(), units.begin(), units.begin() + static_cast<ptrdiff_t>(done));
  GuardedResult r = result_of(f.sig ? 0 : n, f);
  return r;
}

GuardedResult guarded_madvise(uint8_t* a, size_t len, int advice, long* rc) {
  rt_fault f;
  *rc = rt_guarded_madvise(a, len, advice, &f);
  return result_of(0, f);
}

}  // namespace daxprop
