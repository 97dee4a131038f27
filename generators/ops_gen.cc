#include "generators/ops_gen.h"

#include <sys/mman.h>

#include <algorithm>

namespace daxprop {

namespace {

// A number from a set of anchors (each ±1 byte and ± one page), or anywhere in [0, max].
rc::Gen<uint64_t> near(std::vector<uint64_t> anchors, uint64_t max, uint64_t grain) {
  std::vector<uint64_t> pts;
  for (uint64_t a : anchors) {
    for (int64_t d : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t(kPage), -int64_t(kPage)}) {
      int64_t v = static_cast<int64_t>(a) + d;
      if (v >= 0 && static_cast<uint64_t>(v) <= max) pts.push_back(static_cast<uint64_t>(v));
    }
  }
  if (pts.empty()) pts.push_back(0);
  return rc::gen::weightedOneOf<uint64_t>({
      {3, rc::gen::elementOf(pts)},
      {2, rc::gen::map(rc::gen::inRange<uint64_t>(0, max / grain + 1),
                       [grain](uint64_t k) { return k * grain; })},
      {1, rc::gen::inRange<uint64_t>(0, max + 1)},
  });
}

// An aligned value (multiple of `grain`) most of the time, an edge case `odd` percent of it.
rc::Gen<uint64_t> aligned_or_odd(uint64_t grain, uint64_t max, int odd,
                                 std::vector<uint64_t> anchors) {
  return rc::gen::exec([=] {
    if (*rc::gen::inRange(0, 100) < odd) return *near(anchors, max, kPage);
    return *rc::gen::inRange<uint64_t>(0, max / grain + 1) * grain;
  });
}

std::vector<int> handles(const Model& m, int proc) {
  std::vector<int> hs;
  for (const auto& [h, mm] : m.procs()[proc].maps) hs.push_back(h);
  return hs;
}

// A sub-range of mapping `mm`: offset and length, aligned to the backing's unit most of the time.
rc::Gen<std::pair<uint64_t, uint64_t>> range_in(const Model& m, const MappingModel& mm, int odd,
                                                bool page_aligned_start) {
  const uint64_t u = m.traits().unit;
  const uint64_t len = std::max<uint64_t>(mm.len(), kPage);
  return rc::gen::exec([=] {
    bool oddly = *rc::gen::inRange(0, 100) < odd;
    uint64_t grain = oddly ? kPage : u;
    uint64_t off = *rc::gen::inRange<uint64_t>(0, len / grain) * grain;
    if (oddly && !page_aligned_start && *rc::gen::inRange(0, 4) == 0) {
      off += *rc::gen::inRange<uint64_t>(1, kPage);
    }
    uint64_t n = *rc::gen::weightedOneOf<uint64_t>({
        {4, rc::gen::map(rc::gen::inRange<uint64_t>(1, std::max<uint64_t>(len / grain, 1) + 1),
                         [grain](uint64_t k) { return k * grain; })},
        {1, rc::gen::just(len - std::min(off, len))},
        {oddly ? 3 : 0, rc::gen::elementOf(std::vector<uint64_t>{0, 1, kPage - 1, kPage + 1,
                                                                  u + kPage, len + kPage})},
    });
    return std::make_pair(off, n);
  });
}

// Offset and length of a data access: byte-granular, often crossing page and unit boundaries.
rc::Gen<std::pair<uint64_t, uint64_t>> access_in(const Model& m, const MappingModel& mm) {
  const uint64_t u = m.traits().unit;
  const uint64_t len = std::max<uint64_t>(mm.len(), kPage);
  const uint64_t cap = std::max<uint64_t>(m.traits().max_access, 1);
  return rc::gen::exec([=] {
    uint64_t off = *near({0, kPage, u, len / 2, len - std::min(len, kPage), len}, len + kPage, 1);
    uint64_t n = *rc::gen::weightedOneOf<uint64_t>({
        {3, rc::gen::inRange<uint64_t>(1, 2 * kPage + 2)},
        {1, rc::gen::elementOf(std::vector<uint64_t>{1, 8, kPage, u})},
        {1, rc::gen::just(len - std::min(off, len - 1))},
    });
    return std::make_pair(off, std::clamp<uint64_t>(n, 1, cap));
  });
}

rc::Gen<int> prot_gen() {
  return rc::gen::weightedOneOf<int>({{6, rc::gen::just(PROT_READ | PROT_WRITE)},
                                      {2, rc::gen::just(PROT_READ)},
                                      {1, rc::gen::just(PROT_NONE)}});
}

rc::Gen<Op> gen_map(const Model& m, const OpMix& mix) {
  const auto& t = m.traits();
  const uint64_t u = t.unit;
  const uint64_t eof = m.has_file() ? m.file().size : 0;
  const int h = m.next_handle();
  return rc::gen::exec([=]() -> Op {
    MapOp o;
    o.h = h;
    o.prot = *prot_gen();
    uint64_t units = *rc::gen::inRange<uint64_t>(1, t.max_map / u + 1);
    o.len = units * u;
    bool odd = *rc::gen::inRange(0, 100) < mix.odd_args;
    if (odd) o.len = *near({o.len, u, kPage}, t.max_map + kPage, 1);
    if (t.anonymous) {
      o.flags = MAP_ANONYMOUS | (*rc::gen::inRange(0, 2) ? MAP_SHARED : MAP_PRIVATE);
      if (odd && *rc::gen::inRange(0, 3) == 0) o.flags = MAP_ANONYMOUS | MAP_SHARED_VALIDATE;
    } else {
      o.off = *aligned_or_odd(u, t.capacity, odd ? 30 : 0, {0, eof, u});
      std::vector<uint32_t> types{MAP_SHARED, MAP_SHARED, MAP_SHARED_VALIDATE};
      // Where MAP_PRIVATE is refused (device-dax, VFIO: private_ok false), odd arguments still
      // ask for it now and then: the refusal is part of the contract the model checks.
      if (t.private_ok) {
        types.insert(types.end(), {MAP_PRIVATE, MAP_PRIVATE});
      } else if (odd) {
        types.push_back(MAP_PRIVATE);
      }
      o.flags = *rc::gen::elementOf(types);
      if (odd) {
        o.flags |= *rc::gen::elementOf(
            std::vector<uint32_t>{0, MAP_SYNC, MAP_FIXED_NOREPLACE, 0x1000000, MAP_POPULATE});
      }
    }
    if (*rc::gen::inRange(0, 8) == 0) o.flags |= MAP_POPULATE;
    // Odd arguments now and then move the address hint off the slot's 1 GiB alignment: device-dax
    // refuses a VMA that does not start on its unit (EINVAL), hugetlbfs rounds the hint up to
    // its page, and elsewhere the huge entries a fault may use follow the address's alignment.
    if (odd && *rc::gen::inRange(0, 4) == 0) {
      o.misalign = *rc::gen::elementOf(std::vector<uint64_t>{kPage, kMiB, 2 * kMiB + kPage, u > kPage ? u - kPage : 2 * kMiB});
    }
    if (!t.anonymous && *rc::gen::inRange(0, 100) < mix.huge_maps) {
      // Room for huge entries: whole 2 MiB units at 2 MiB-aligned offsets, or (PUD backings,
      // rarely: a 1 GiB model is heavy) the object's first 1 GiB.
      const uint64_t grain = std::max<uint64_t>(u, 2 * kMiB);
      const uint64_t room = std::max<uint64_t>(t.max_map, grain);
      o.len = *rc::gen::inRange<uint64_t>(1, room / grain + 1) * grain;
      o.off = *rc::gen::inRange<uint64_t>(0, t.capacity / grain + 1) * grain;
      if (t.huge_pud && t.initial_size >= kGiB && *rc::gen::inRange(0, 6) == 0) {
        o.len = kGiB;
        o.off = 0;
      }
      o.flags &= ~uint32_t{MAP_FIXED_NOREPLACE | 0x1000000};
    }
    // A device or a BAR (fixed_size) ends far past the part cases aim at (capacity), and past
    // what a case starts as zeros: odd arguments reach for its end only where nothing but a
    // refusal can come back. A BAR's mapping must lie inside it (vfio_pci_core_mmap: EINVAL);
    // a device-dax mapping past the device is made, and every fault in it is SIGBUS
    // (dax_pgoff_to_phys).
    if (t.fixed_size && odd && *rc::gen::inRange(0, 4) == 0) {
      const uint64_t end = round_up(eof, u);
      if (t.map_within_size && end >= u && *rc::gen::arbitrary<bool>()) {
        o.off = end - u;
        o.len = std::max(o.len, 2 * u);
      } else {
        o.off = end + *rc::gen::elementOf(std::vector<uint64_t>{0, u});
      }
      o.flags &= ~uint32_t{MAP_POPULATE};
    }
    return o;
  });
}

// A probe: the whole mapping, whole 2 MiB units of it, or any page range.
rc::Gen<Op> gen_probe(const MappingModel& mm, int proc, int h) {
  const uint64_t len = std::max<uint64_t>(mm.len(), kPage);
  return rc::gen::exec([=]() -> Op {
    ProbeOp o{proc, h, 0, len, *rc::gen::inRange(0, 3) == 0};
    const int how = *rc::gen::inRange(0, 6);
    if (how >= 3 && len > 2 * kMiB) {
      const uint64_t units = len / (2 * kMiB);
      o.off = *rc::gen::inRange<uint64_t>(0, units) * 2 * kMiB;
      o.len = *rc::gen::inRange<uint64_t>(1, units - o.off / (2 * kMiB) + 1) * 2 * kMiB;
    } else if (how == 2) {
      o.off = *rc::gen::inRange<uint64_t>(0, len / kPage) * kPage;
      o.len = *rc::gen::inRange<uint64_t>(1, (len - o.off) / kPage + 1) * kPage;
    }
    return o;
  });
}

}  // namespace

namespace {
rc::Gen<Op> gen_op_sized(const Model& m, const OpMix& mix);
}  // namespace

// RapidCheck scales inRange/elementOf by the current size, which would favour the first kinds
// and the smallest offsets in short sequences. Argument choice is ours (edges are explicit), so
// every op is drawn at full size; sequence length still grows with RapidCheck's size.
rc::Gen<Op> gen_op(const Model& m, const OpMix& mix) {
  return rc::gen::resize(rc::kNominalSize, gen_op_sized(m, mix));
}

namespace {
rc::Gen<Op> gen_op_sized(const Model& m, const OpMix& in_mix) {
  const auto& t = m.traits();
  OpMix mix = in_mix;
  const bool holding = m.holding();
  const bool fsdax = t.dax_file && m.has_file();
  if (m.hold_blocked()) {
    // A truncate/punch waits for the held read: only the sibling file and the release.
    std::vector<std::pair<uint64_t, rc::Gen<Op>>> k;
    k.emplace_back(2, rc::gen::just<Op>(ReleaseOp{}));
    if (fsdax) {
      k.emplace_back(2, rc::gen::exec([=]() -> Op {
                       return SiblingWriteOp{*rc::gen::inRange<uint64_t>(1, 9) * kMiB / 2,
                                             *rc::gen::inRange<uint32_t>(1, 0xffff)};
                     }));
    }
    if (m.has_sibling()) k.emplace_back(1, rc::gen::just<Op>(SiblingReadOp{8 * kMiB}));
    return rc::gen::mapcat(rc::gen::inRange<uint64_t>(0, k.size()),
                           [k](uint64_t i) { return k[i].second; });
  }
  if (holding) {
    // What the model cannot follow while a read is held: it says which kinds
    // (Model::runs_while_held); of madvise only MADV_DONTNEED (drawn below), so no poison.
    for (auto [w, kind] : {std::pair{&mix.mremap, RT_MREMAP}, {&mix.fork, RT_FORK},
                           {&mix.probe, RT_PROBE}, {&mix.kvm, RT_KVM_ACCESS}, {&mix.msync, RT_MSYNC}}) {
      if (!Model::runs_while_held(kind)) *w = 0;
    }
    mix.poison = 0;
  }
  const int odd = mix.odd_args;
  auto hs = handles(m, 0);
  int live_maps = static_cast<int>(hs.size());
  bool file = m.has_file();
  bool have = !hs.empty();
  std::vector<int> child_procs;
  for (int p = 1; p < m.next_proc(); p++) {
    if (!m.procs()[p].maps.empty()) child_procs.push_back(p);
  }
  const uint64_t u = t.unit;
  const uint64_t eof = file ? m.file().size : 0;

  // Generators outlive this call: they share one copy of the model.
  auto mp = std::make_shared<const Model>(m);
  auto pick = [hs]() { return rc::gen::elementOf(hs); };
  std::vector<int> unsplit;  // mremap wants one VMA; split mappings are left to the ARGS mix
  for (int h : hs) {
    if (!m.mapping(0, h)->split || odd >= 50) unsplit.push_back(h);
  }
  std::vector<std::pair<uint64_t, rc::Gen<Op>>> kinds;
  auto add = [&](int w, bool ok, rc::Gen<Op> g) {
    if (w > 0 && ok) kinds.emplace_back(static_cast<uint64_t>(w), std::move(g));
  };
  add(mix.map, live_maps < mix.max_maps, gen_map(m, mix));
  add(mix.unmap, have, rc::gen::exec([=]() -> Op {
        int h = *pick();
        auto [off, len] = *range_in(*mp, *mp->mapping(0, h), odd, false);
        return UnmapOp{h, off, len};
      }));
  add(mix.mprotect, have, rc::gen::exec([=]() -> Op {
        int h = *pick();
        auto [off, len] = *range_in(*mp, *mp->mapping(0, h), odd, false);
        return MprotectOp{h, off, len, *prot_gen()};
      }));
  add(mix.mremap, !unsplit.empty(), rc::gen::exec([=]() -> Op {
        int h = *rc::gen::elementOf(unsplit);
        const auto* mm = mp->mapping(0, h);
        uint64_t units = *rc::gen::inRange<uint64_t>(1, t.max_map / u + 1);
        uint64_t len = units * u;
        if (*rc::gen::inRange(0, 100) < odd) len = *near({mm->len(), u}, t.max_map, 1);
        // A zero new length is -EINVAL on every backing: the one mremap refusal memfd and
        // fs-dax have (hugetlb and device-dax have more), one mremap in eight.
        if (*rc::gen::inRange(0, 8) == 0) len = 0;
        return MremapOp{h, len, *rc::gen::arbitrary<bool>(), mm->len()};
      }));
  add(mix.madvise, have, rc::gen::exec([=]() -> Op {
        int h = *pick();
        auto [off, len] = *range_in(*mp, *mp->mapping(0, h), odd, false);
        int advice = *rc::gen::elementOf(
            std::vector<int>{MADV_DONTNEED, MADV_DONTNEED, MADV_WILLNEED, MADV_DONTFORK,
                             MADV_DOFORK, MADV_POPULATE_READ, MADV_POPULATE_WRITE, MADV_COLD,
                             MADV_PAGEOUT});
        if (*rc::gen::inRange(0, 100) < odd / 2) advice = 77;  // no such advice
        if (holding) advice = MADV_DONTNEED;
        return MadviseOp{h, off, len, advice};
      }));
  add(mix.msync, have, rc::gen::exec([=]() -> Op {
        int h = *pick();
        auto [off, len] = *range_in(*mp, *mp->mapping(0, h), odd, false);
        int flags = *rc::gen::elementOf(std::vector<int>{MS_SYNC, MS_ASYNC, MS_SYNC | MS_INVALIDATE});
        if (*rc::gen::inRange(0, 100) < odd) flags = MS_SYNC | MS_ASYNC;
        return MsyncOp{h, off, len, flags};
      }));
  // The page an unaligned EOF falls in, read through a mapping over it: the bytes past EOF
  // there must be zeros, whatever the page held before a truncate made it the last.
  std::vector<int> over_eof;
  const uint64_t file_end = m.has_file() ? m.file().size : 0;
  for (int h : hs) {
    const MappingModel& mm = *m.mapping(0, h);
    if (mm.obj == 0 && file_end % kPage && mm.off <= file_end && file_end - mm.off < mm.len()) {
      over_eof.push_back(h);
    }
  }
  add(std::max(mix.read / 2, 1), mix.read > 0 && !over_eof.empty(), rc::gen::exec([=]() -> Op {
        const int h = *rc::gen::elementOf(over_eof);
        const uint64_t at = file_end - mp->mapping(0, h)->off, page = round_down(at, kPage);
        const uint64_t off = page + *rc::gen::inRange<uint64_t>(0, at - page + 1);
        return ReadOp{0, h, off, *rc::gen::inRange<uint64_t>(1, page + kPage - off + 1)};
      }));
  add(mix.write, have, rc::gen::exec([=]() -> Op {
        int h = *pick();
        auto [off, len] = *access_in(*mp, *mp->mapping(0, h));
        return WriteOp{0, h, off, len, *rc::gen::inRange<uint32_t>(1, 0xffff)};
      }));
  add(mix.read, have, rc::gen::exec([=]() -> Op {
        int h = *pick();
        auto [off, len] = *access_in(*mp, *mp->mapping(0, h));
        return ReadOp{0, h, off, len};
      }));
  // Private copies made before a fork: a page the parent and a child still share (one copy),
  // and one both have copied since (two). Writing the first and reading the second from the
  // other side is where a copy left writable at the fork shows (at most 32 of each).
  struct Copy {
    int proc, h;
    uint64_t p;
  };
  std::vector<Copy> cow_shared, cow_split;
  for (int c : child_procs) {
    for (const auto& [h, cm] : m.procs()[c].maps) {
      const MappingModel* pm = m.mapping(0, h);
      if (!pm || cm.shared || pm->len() != cm.len()) continue;
      for (uint64_t q = 0; q < std::min<uint64_t>(cm.pages.size(), 4096); q++) {
        const PagePtr& a = pm->pages[q].priv;
        const PagePtr& b = cm.pages[q].priv;
        if (!a || !b) continue;
        if (a == b && cow_shared.size() < 32) cow_shared.push_back({c, h, q});
        if (a != b && cow_split.size() < 32) cow_split.push_back({c, h, q});
      }
    }
  }
  // Private mappings with COW copies (in their first 4096 pages), and the writable ones
  // without: before a fork, a store into one of those makes copies for it to share (as often
  // as forks are drawn).
  std::vector<int> with_copies, uncopied;
  for (int h : hs) {
    const MappingModel& mm = *m.mapping(0, h);
    if (mm.shared || mm.pages.size() == 0) continue;
    bool copied = false;
    for (uint64_t q = 0; q < std::min<uint64_t>(mm.pages.size(), 4096) && !copied; q++) {
      copied = mm.pages[q].priv != nullptr;
    }
    if (copied) {
      with_copies.push_back(h);
    } else if (mm.pages[0].prot & PROT_WRITE) {
      uncopied.push_back(h);
    }
  }
  // And a fork twice as likely once there are copies to share. A pin mix makes copies too,
  // for the pin over them below: a case of ten ops seldom draws a private map, a store into it
  // and that pin by the plain weights (1 gate of 9 on fs-dax had none).
  add(mix.fork, m.next_proc() < 3 && !with_copies.empty(), rc::gen::just<Op>(ForkOp{m.next_proc()}));
  const int copy_weight = (m.next_proc() < 3 ? mix.fork : 0) + (mix.pin > 0 ? std::max(mix.pin / 2, 1) : 0);
  add(copy_weight, !uncopied.empty(), rc::gen::exec([=]() -> Op {
        const int h = *rc::gen::elementOf(uncopied);
        auto [off, len] = *access_in(*mp, *mp->mapping(0, h));
        return WriteOp{0, h, std::min(off, mp->mapping(0, h)->len() - 1), len,
                       *rc::gen::inRange<uint32_t>(1, 0xffff)};
      }));
  add(mix.child_access / 2, !cow_shared.empty(), rc::gen::exec([=]() -> Op {
        const Copy c = *rc::gen::elementOf(cow_shared);
        const uint64_t in = *rc::gen::inRange<uint64_t>(0, kPage);
        return WriteOp{*rc::gen::arbitrary<bool>() ? c.proc : 0, c.h, c.p * kPage + in,
                       *rc::gen::inRange<uint64_t>(1, kPage - in + 1), *rc::gen::inRange<uint32_t>(1, 0xffff)};
      }));
  add(mix.child_access / 2, !cow_split.empty(), rc::gen::exec([=]() -> Op {
        const Copy c = *rc::gen::elementOf(cow_split);
        return ReadOp{*rc::gen::arbitrary<bool>() ? c.proc : 0, c.h, c.p * kPage, kPage};
      }));
  add(mix.child_access, !child_procs.empty(), rc::gen::exec([=]() -> Op {
        int p = *rc::gen::elementOf(child_procs);
        std::vector<int> ch;
        for (const auto& [h, mm] : mp->procs()[p].maps) ch.push_back(h);
        int h = *rc::gen::elementOf(ch);
        auto [off, len] = *access_in(*mp, *mp->mapping(p, h));
        if (*rc::gen::arbitrary<bool>()) return ReadOp{p, h, off, len};
        return WriteOp{p, h, off, len, *rc::gen::inRange<uint32_t>(1, 0xffff)};
      }));
  add(mix.fork, m.next_proc() < 3, rc::gen::just<Op>(ForkOp{m.next_proc()}));
  std::vector<int> free_slots, used_slots;
  for (int s = 1; s <= 3; s++) (m.kvm_slots().count(s) ? used_slots : free_slots).push_back(s);
  add(mix.kvm, have && !free_slots.empty(), rc::gen::exec([=]() -> Op {
        int h = *pick();
        const uint64_t len = std::max<uint64_t>(mp->mapping(0, h)->len(), kPage);
        // Whole mappings most of the time (so huge pages can line up), else a page-aligned
        // part; now and then an unaligned start or length (-EINVAL).
        uint64_t off = 0, n = std::min<uint64_t>(len, kGiB);
        if (*rc::gen::inRange(0, 3) == 0) {
          off = *rc::gen::inRange<uint64_t>(0, len / kPage) * kPage;
          n = *rc::gen::inRange<uint64_t>(1, (len - off) / kPage + 1) * kPage;
        }
        if (*rc::gen::inRange(0, 100) < odd) off += 8;
        return KvmSlotOp{*rc::gen::elementOf(free_slots), h, off, n, *rc::gen::inRange(0, 5) == 0,
                         *rc::gen::inRange(0, 3) == 0};
      }));
  std::vector<int> logged;
  for (int s : used_slots) {
    if (m.kvm_slots().at(s).log_dirty) logged.push_back(s);
  }
  add(mix.kvm / 2, !logged.empty(), rc::gen::exec([=]() -> Op {
        return KvmDirtyOp{*rc::gen::elementOf(logged)};
      }));
  add(mix.kvm / 5, !used_slots.empty(), rc::gen::exec([=]() -> Op {
        return KvmSlotOp{*rc::gen::elementOf(used_slots), 0, 0, 0, false};
      }));
  // KVM's refusals: the dirty log of a slot that keeps none or does not exist (-ENOENT), the
  // deletion of a slot that does not exist (-EINVAL).
  std::vector<int> unlogged = free_slots;
  for (int s : used_slots) {
    if (!m.kvm_slots().at(s).log_dirty) unlogged.push_back(s);
  }
  add(mix.kvm / 10, !unlogged.empty(), rc::gen::exec([=]() -> Op {
        return KvmDirtyOp{*rc::gen::elementOf(unlogged)};
      }));
  add(mix.kvm / 10, !free_slots.empty(), rc::gen::exec([=]() -> Op {
        return KvmSlotOp{*rc::gen::elementOf(free_slots), 0, 0, 0, false};
      }));
  // A new slot over the next slot's guest-physical range (slot s sits at s GiB): -EEXIST.
  std::vector<int> below_used;
  for (int s : free_slots) {
    if (!used_slots.empty() && s < used_slots.back()) below_used.push_back(s);
  }
  add(mix.kvm / 2, have && !below_used.empty(), rc::gen::exec([=]() -> Op {
        const int s = *rc::gen::elementOf(below_used);
        int next = s + 1;
        while (!mp->kvm_slots().count(next)) next++;
        const uint64_t len = static_cast<uint64_t>(next - s) * kGiB +
                             *rc::gen::inRange<uint64_t>(1, 513) * kPage;
        return KvmSlotOp{s, *pick(), 0, len, *rc::gen::inRange(0, 5) == 0, *rc::gen::inRange(0, 3) == 0};
      }));
  // A slot made again while it exists: the same host range, size and read-only flag change
  // nothing (0); another range, size or read-only flag is -EINVAL (a slot's host range never
  // moves). Its dirty-log flag stays (a flags-only change is not modelled).
  add(mix.kvm / 10, have && !used_slots.empty(), rc::gen::exec([=]() -> Op {
        const int s = *rc::gen::elementOf(used_slots);
        const KvmSlotModel& k = mp->kvm_slots().at(s);
        KvmSlotOp o{s, k.h, k.off, k.len, k.readonly, k.log_dirty};
        switch (*rc::gen::inRange(0, 5)) {
          case 0: break;
          case 1: o.len += kPage; break;
          case 2: o.off += kPage; o.len = std::max(o.len, 2 * kPage) - kPage; break;
          case 3: o.readonly = !o.readonly; break;
          default: o.h = *pick(); break;
        }
        return o;
      }));
  add(mix.kvm * 2, !used_slots.empty(), rc::gen::exec([=]() -> Op {
        const int s = *rc::gen::elementOf(used_slots);
        // Around the slot's start, its 2 MiB units and its end (past it: an MMIO exit).
        const uint64_t room = mp->kvm_slots().at(s).len;
        uint64_t off = *near({0, kPage, 2 * kMiB, room - std::min(room, kPage), room},
                             std::min(room + kPage, kGiB), 1);
        uint64_t n = *rc::gen::weightedOneOf<uint64_t>({
            {3, rc::gen::inRange<uint64_t>(1, 2 * kPage + 2)},
            {1, rc::gen::just<uint64_t>(2 * kMiB)},
        });
        if (*rc::gen::arbitrary<bool>()) off = off / kPage * kPage;
        return KvmAccessOp{s, off, n, *rc::gen::arbitrary<bool>(), *rc::gen::inRange<uint32_t>(1, 0xffff)};
      }));
  // A fixed buffer over a private mapping's COW copies: only the copies, or running a page or
  // two past them. fs-dax refuses a long-term pin of its own pages but not of the copies,
  // ordinary memory that GUP-fast takes first (Model::pin).
  add(mix.pin, !with_copies.empty(), rc::gen::exec([=]() -> Op {
        const int h = *rc::gen::elementOf(with_copies);
        const MappingModel& mm = *mp->mapping(0, h);
        const uint64_t pages = std::min<uint64_t>(mm.pages.size(), 4096);
        const uint64_t from = *rc::gen::inRange<uint64_t>(0, pages);
        uint64_t p = from;
        while (!mm.pages[p].priv) p = (p + 1) % pages;  // with_copies: there is one
        uint64_t run = 1;
        while (p + run < pages && run < 8 && mm.pages[p + run].priv) run++;
        return PinOp{h, p * kPage, (run + *rc::gen::inRange<uint64_t>(0, 3)) * kPage,
                     *rc::gen::elementOf(std::vector<PinOp::Via>{PinOp::Via::kIoUring, PinOp::Via::kIoUringWrite}),
                     *rc::gen::inRange<uint32_t>(1, 0xffff)};
      }));
  add(mix.pin, have, rc::gen::exec([=]() -> Op {
        int h = *pick();
        auto [off, len] = *access_in(*mp, *mp->mapping(0, h));
        std::vector<PinOp::Via> vias{PinOp::Via::kIoUring,  PinOp::Via::kIoUringWrite,
                                     PinOp::Via::kPvmRead,  PinOp::Via::kPvmWrite,
                                     PinOp::Via::kProcMem,  PinOp::Via::kProcMemWrite,
                                     PinOp::Via::kVmsplice};
        if (t.odirect_skip.empty()) {
          vias.insert(vias.end(), {PinOp::Via::kOdirectRead, PinOp::Via::kOdirectWrite});
        }
        auto via = *rc::gen::elementOf(vias);
        // One O_DIRECT pin in four keeps its unaligned position or length (-EINVAL): a 1 GiB
        // device's gate has a few dozen of them at most.
        if (PinOp{0, 0, 0, via}.odirect() && *rc::gen::inRange(0, 100) >= std::max(odd, 25)) {
          // Block-aligned the way O_DIRECT wants it (Model::kDioAlign), at most 1 MiB (one simple bio).
          off = off / Model::kDioAlign * Model::kDioAlign;
          len = std::clamp<uint64_t>(len / Model::kDioAlign * Model::kDioAlign, Model::kDioAlign, kMiB);
        }
        // A fixed buffer is whole pages of the mapping most of the time; 1 GiB transfers per
        // op would make a slow case, so a pin moves at most 2 MiB and two pages.
        if (PinOp{0, 0, 0, via}.io_uring() && *rc::gen::inRange(0, 4) != 0) {
          off = off / kPage * kPage;
          len = std::max<uint64_t>(round_up(len, kPage), kPage);
        }
        len = std::min<uint64_t>(len, 2 * kMiB + 2 * kPage);
        return PinOp{h, off, len, via, *rc::gen::inRange<uint32_t>(1, 0xffff)};
      }));
  std::vector<int> shared_maps;
  for (int h : hs) {
    if (m.mapping(0, h)->shared) shared_maps.push_back(h);
  }
  add(mix.poison, t.poison_ok && !shared_maps.empty(), rc::gen::exec([=]() -> Op {
        int h = *rc::gen::elementOf(shared_maps);
        uint64_t pages = std::max<uint64_t>(mp->mapping(0, h)->len() / kPage, 1);
        return MadviseOp{h, *rc::gen::inRange<uint64_t>(0, pages) * kPage, kPage, MADV_HWPOISON};
      }));
  add(mix.probe, have, rc::gen::exec([=]() -> Op {
        int h = *pick();
        return *gen_probe(*mp->mapping(0, h), 0, h);
      }));
  add(mix.probe / 2, !child_procs.empty(), rc::gen::exec([=]() -> Op {
        int p = *rc::gen::elementOf(child_procs);
        std::vector<int> ch;
        for (const auto& [h, mm] : mp->procs()[p].maps) ch.push_back(h);
        int h = *rc::gen::elementOf(ch);
        return *gen_probe(*mp->mapping(p, h), p, h);
      }));
  const uint64_t cap = t.capacity;
  // A file offset: near the object's start, end or the aimed part; on a device or a BAR, odd
  // arguments now and then at or past its end (refused: vfio_pci_bar_rw's EINVAL).
  auto file_off = [=]() {
    if (t.fixed_size && *rc::gen::inRange(0, 100) < odd) {
      return eof + *rc::gen::elementOf(std::vector<uint64_t>{0, 1, kPage});
    }
    return *near({0, eof, kPage, u}, cap, 1);
  };
  add(mix.syswrite, file, rc::gen::exec([=]() -> Op {
        uint64_t off = file_off();
        uint64_t len = *rc::gen::inRange<uint64_t>(1, 2 * kPage + 2);
        return SysWriteOp{off, len, *rc::gen::inRange<uint32_t>(1, 0xffff)};
      }));
  // Where read(2), ftruncate or hole punching is refused (a device), it is still drawn now and
  // then: the refusal is the contract.
  auto refused = [](int w, bool ok) { return ok ? w : std::min(w, 1); };
  add(refused(mix.sysread, t.sys_read), file, rc::gen::exec([=]() -> Op {
        uint64_t off = file_off();
        uint64_t len = *rc::gen::inRange<uint64_t>(1, 2 * kPage + 2);
        return SysReadOp{off, len};
      }));
  // Written pages of the file below EOF that a mapping shows (at most 64), each with the
  // offset of its last nonzero byte (at least 1): a truncate to a byte before it leaves
  // written bytes past EOF in the page.
  std::vector<std::pair<uint64_t, uint64_t>> written_mapped;
  if (file) {
    for (const auto& [q, page] : m.file().pages) {
      if (q * kPage >= eof || written_mapped.size() >= 64) break;
      uint64_t last = kPage - 1;
      while (last > 1 && page->bytes[last] == 0) last--;
      for (int h : hs) {
        const MappingModel& mm = *m.mapping(0, h);
        if (mm.obj == 0 && mm.off <= q * kPage && q * kPage - mm.off < mm.len()) {
          written_mapped.emplace_back(q, last);
          break;
        }
      }
    }
  }
  // While a read is held, whole units only (Model::valid_while_held).
  add(refused(mix.truncate + (holding ? mix.hold : 0), t.truncate_ok), file, rc::gen::exec([=]() -> Op {
        uint64_t size = *aligned_or_odd(u, cap, std::max(odd, 30), {0, eof, u, kPage, cap});
        // Down into a written page a mapping shows, now and then, at a byte inside it: the rest
        // of that page is past EOF, and what the mapping shows there must be zeros.
        if (!written_mapped.empty() && *rc::gen::inRange(0, 2) == 0) {
          const auto [q, last] = *rc::gen::elementOf(written_mapped);
          size = q * kPage + *rc::gen::inRange<uint64_t>(1, last + 1);
        }
        return TruncateOp{holding ? round_down(size, u) : size};
      }));
  add(refused(mix.punch + (holding ? mix.hold : 0), t.punch_ok), file, rc::gen::exec([=]() -> Op {
        uint64_t off = *aligned_or_odd(u, cap, std::max(odd, 30), {0, eof, u, kPage});
        uint64_t len = *aligned_or_odd(u, cap, std::max(odd, 30), {u, kPage, 1});
        if (*rc::gen::inRange(0, 100) >= odd && len == 0) len = u;
        if (holding) {
          off = round_down(off, u);
          len = std::max(round_down(len, u), u);
        }
        return PunchHoleOp{off, len};
      }));
  // Held reads start mostly at a page the pin can take (mapped, writable, inside EOF), so
  // the interleavings after it get explored; the rest test the refusals. The pages are found
  // only when a held read is drawn (a 1 GiB mapping has 262,144 of them).
  const bool hold_ok = have && !holding && t.hold_skip.empty();
  auto pinnable = [file, eof](const MappingModel& mm, uint64_t p) {
    const PageState& ps = mm.pages[p];
    const bool in_file = !file || mm.obj != 0 || mm.off + p * kPage < eof;
    return ps.mapped && (ps.prot & PROT_WRITE) && (in_file || ps.priv);
  };
  bool any_pinnable = false;
  for (size_t i = 0; hold_ok && mix.hold > 0 && i < hs.size() && !any_pinnable; i++) {
    const auto* mm = m.mapping(0, hs[i]);
    for (uint64_t p = 0; p < mm->pages.size() && !any_pinnable; p++) any_pinnable = pinnable(*mm, p);
  }
  add(any_pinnable ? mix.hold : std::min(mix.hold, 1), hold_ok,
      rc::gen::exec([=]() -> Op {
        int h = *pick();
        auto [off, len] = *access_in(*mp, *mp->mapping(0, h));
        if (any_pinnable && *rc::gen::inRange(0, 5) != 0) {
          uint64_t count = 0;
          for (int ph : hs) {
            const auto* mm = mp->mapping(0, ph);
            for (uint64_t p = 0; p < mm->pages.size(); p++) count += pinnable(*mm, p);
          }
          uint64_t k = *rc::gen::inRange<uint64_t>(0, count);
          bool found = false;
          for (size_t i = 0; i < hs.size() && !found; i++) {
            const auto* mm = mp->mapping(0, hs[i]);
            for (uint64_t p = 0; p < mm->pages.size() && !found; p++) {
              if (pinnable(*mm, p) && k-- == 0) {
                h = hs[i];
                off = p * kPage;
                found = true;
              }
            }
          }
          off += *rc::gen::inRange<uint64_t>(0, 8) * Model::kDioAlign;
          len = *rc::gen::inRange<uint64_t>(1, 65) * 4 * Model::kDioAlign;
        }
        // O_DIRECT wants Model::kDioAlign alignment (else -EINVAL), one bio at most 256 pages.
        if (*rc::gen::inRange(0, 100) >= odd) {
          off = off / Model::kDioAlign * Model::kDioAlign;
          len = std::max<uint64_t>(len / Model::kDioAlign * Model::kDioAlign, Model::kDioAlign);
        }
        len = std::min<uint64_t>(len, kMiB - off % kPage);
        return HoldReadOp{h, off, len, *rc::gen::inRange<uint32_t>(1, 0xffff)};
      }));
  add(holding ? mix.hold : 0, true, rc::gen::just<Op>(ReleaseOp{}));
  add(fsdax ? mix.hold / 2 : 0, true, rc::gen::exec([=]() -> Op {
        return SiblingWriteOp{*rc::gen::inRange<uint64_t>(1, 9) * kMiB / 2,
                              *rc::gen::inRange<uint32_t>(1, 0xffff)};
      }));
  add(m.has_sibling() ? mix.hold / 2 : 0, true, rc::gen::just<Op>(SiblingReadOp{8 * kMiB}));
  if (kinds.empty()) return gen_map(m, mix);
  uint64_t total = 0;
  for (const auto& [w, g] : kinds) total += w;
  // A weighted choice over a list built at run time (rc::gen::weightedOneOf takes a fixed list).
  return rc::gen::mapcat(rc::gen::inRange<uint64_t>(0, total), [kinds](uint64_t k) {
    for (const auto& [w, g] : kinds) {
      if (k < w) return g;
      k -= w;
    }
    return kinds.back().second;
  });
}
}  // namespace

}  // namespace daxprop

namespace daxprop {

namespace {

// The bytes a data op of a parallel section moves: (-1, object offset) ranges for bytes of the
// file, (h, mapping offset) for a mapping's own (anonymous or copied-on-write) bytes.
struct Cell {
  int space;
  uint64_t from, to;
};
std::vector<Cell> cells(const Model& m, const Op& op) {
  std::vector<Cell> c;
  auto through = [&](int h, uint64_t off, uint64_t len) {
    const MappingModel* mm = m.mapping(0, h);
    if (!mm) return;
    if (mm->obj >= 0) c.push_back({-1, mm->off + off, mm->off + off + len});
    if (mm->obj < 0 || !mm->shared) c.push_back({h, off, off + len});
  };
  std::visit(
      [&](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, WriteOp> || std::is_same_v<T, ReadOp> ||
                      std::is_same_v<T, PinOp>) {
          through(o.h, o.off, o.len);
        } else if constexpr (std::is_same_v<T, SysWriteOp> || std::is_same_v<T, SysReadOp>) {
          c.push_back({-1, o.off, o.off + o.len});
        }
      },
      op);
  return c;
}
bool kernel_copy(const Op& op) {
  return std::holds_alternative<SysWriteOp>(op) || std::holds_alternative<SysReadOp>(op) ||
         std::holds_alternative<PinOp>(op);
}
bool overlap(const std::vector<Cell>& a, const std::vector<Cell>& b) {
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (x.space == y.space && x.from < y.to && y.from < x.to) return true;
    }
  }
  return false;
}
// Moves op to the next 8-byte slot of its page.
void next_slot(Op& op) {
  std::visit(
      [](auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, SysWriteOp> || std::is_same_v<T, SysReadOp> ||
                      std::is_same_v<T, PinOp>) {
          o.off = round_down(o.off, kPage) + (o.off % kPage + 8) % kPage;
        }
      },
      op);
}

}  // namespace

rc::Gen<OpMix> gen_swarm(const OpMix& mix) {
  return rc::gen::resize(rc::kNominalSize, rc::gen::exec([mix] {
    OpMix m = mix;
    int* kinds[] = {&m.unmap, &m.mprotect, &m.mremap, &m.madvise, &m.msync, &m.write, &m.read,
                    &m.syswrite, &m.sysread, &m.truncate, &m.punch, &m.fork, &m.child_access,
                    &m.probe, &m.poison, &m.pin, &m.kvm, &m.hold};
    bool any = false;
    for (int* w : kinds) {
      if (*w == 0) continue;
      *w = *rc::gen::arbitrary<bool>() ? *w * *rc::gen::inRange(1, 5) : 0;
      any |= *w > 0;
    }
    return any ? m : mix;
  }));
}

rc::Gen<std::vector<size_t>> gen_race_shape() {
  return rc::gen::resize(rc::kNominalSize, rc::gen::exec([] {
    std::vector<size_t> shape(static_cast<size_t>(*rc::gen::inRange(2, 5)));
    size_t left = 8;
    for (size_t k = 0; k < shape.size(); k++) {
      shape[k] = std::min<size_t>(static_cast<size_t>(*rc::gen::inRange(1, 4)), left - (shape.size() - k - 1));
      left -= shape[k];
    }
    return shape;
  }));
}

rc::Gen<std::vector<std::vector<Op>>> gen_race_threads(const Model& m, const std::vector<size_t>& shape) {
  const auto& t = m.traits();
  const bool file = m.has_file();
  // A spot is a mapped page. On a device or a BAR (fixed_size) it is one of the pages a case
  // starts as zeros (BackingTraits::zeroed_per_case), with the page after it: the rest keeps
  // what earlier cases left there, and a race over unknown bytes says little.
  auto aimed = [fixed = t.fixed_size, zeroed = t.zeroed_per_case()](const MappingModel& mm, uint64_t p) {
    return mm.pages[p].mapped && (!fixed || mm.obj < 0 || mm.off + (p + 2) * kPage <= zeroed);
  };
  std::vector<int> live;
  for (const auto& [h, mm] : m.procs()[0].maps) {
    for (uint64_t p = 0; p < mm.pages.size(); p++) {
      if (aimed(mm, p)) {
        live.push_back(h);
        break;
      }
    }
  }
  if (live.empty() && !file) return rc::gen::just(std::vector<std::vector<Op>>{});
  auto mp = std::make_shared<const Model>(m);
  return rc::gen::exec([=]() {
    const Model& sm = *mp;
    const uint64_t u = t.unit;
    // The spot: an aimed page of a live mapping (found from a random start), or the file's start.
    int h = -1;
    uint64_t page = 0, obj_page = 0;
    if (!live.empty()) {
      h = *rc::gen::elementOf(live);
      const MappingModel& mm = *sm.mapping(0, h);
      page = *rc::gen::inRange<uint64_t>(0, mm.pages.size());
      while (!aimed(mm, page)) page = (page + 1) % mm.pages.size();
      obj_page = mm.off / kPage + page;
    } else {
      const uint64_t size = t.fixed_size ? std::min(sm.file().size, t.capacity) : sm.file().size;
      obj_page = *rc::gen::inRange<uint64_t>(0, std::max<uint64_t>(size / kPage, 1));
    }
    const uint64_t eof = file ? sm.file().size : 0;
    auto in_page = [](uint64_t base) {
      return rc::gen::exec([base] {
        const uint64_t len = *rc::gen::elementOf(std::vector<uint64_t>{1, 2, 4, 8});
        return std::make_pair(base + *rc::gen::inRange<uint64_t>(0, 4) * 8, len);
      });
    };
    // A page of the spot, or the one after it, of mapping hh.
    auto mem_target = [&](int hh) {
      const MappingModel& mm = *sm.mapping(0, hh);
      uint64_t p = page;
      if (hh != h) {  // another view of the same file page, where it has one
        for (uint64_t q = 0; q < mm.pages.size(); q++) {
          if (mm.obj >= 0 && mm.off / kPage + q == obj_page) p = q;
        }
      }
      if (*rc::gen::inRange(0, 4) == 0 && p + 1 < mm.pages.size()) p++;
      return std::min<uint64_t>(p, mm.pages.empty() ? 0 : mm.pages.size() - 1) * kPage;
    };
    std::vector<std::pair<uint64_t, rc::Gen<Op>>> kinds;
    auto add = [&](int w, bool ok, rc::Gen<Op> g) {
      if (w > 0 && ok) kinds.emplace_back(static_cast<uint64_t>(w), std::move(g));
    };
    const bool have = h >= 0;
    const std::vector<int> views = live;
    add(5, have, rc::gen::exec([=]() -> Op {
          const int hh = *rc::gen::inRange(0, 3) == 0 ? *rc::gen::elementOf(views) : h;
          auto [off, len] = *in_page(mem_target(hh));
          return WriteOp{0, hh, off, len, *rc::gen::inRange<uint32_t>(1, 0xffff)};
        }));
    add(3, have, rc::gen::exec([=]() -> Op {
          const int hh = *rc::gen::inRange(0, 3) == 0 ? *rc::gen::elementOf(views) : h;
          auto [off, len] = *in_page(mem_target(hh));
          return ReadOp{0, hh, off, len};
        }));
    // Range ops on the spot's page, or its whole unit (the only size a huge unit takes).
    auto range = [=]() {
      const uint64_t grain = *rc::gen::inRange(0, 3) == 0 ? std::max(u, 2 * kMiB) : u;
      const uint64_t len = std::max<uint64_t>(mp->mapping(0, h)->len(), kPage);
      const uint64_t off = std::min(round_down(page * kPage, grain), round_down(len - 1, u));
      return std::make_pair(off, std::min(grain, len - off));
    };
    add(2, have, rc::gen::exec([=]() -> Op {
          auto [off, len] = range();
          return MprotectOp{h, off, len, *rc::gen::elementOf(std::vector<int>{PROT_READ, PROT_NONE, PROT_READ | PROT_WRITE})};
        }));
    add(2, have, rc::gen::exec([=]() -> Op {
          auto [off, len] = range();
          return UnmapOp{h, off, len};
        }));
    add(2, have, rc::gen::exec([=]() -> Op {
          auto [off, len] = range();
          return MadviseOp{h, off, len, *rc::gen::elementOf(std::vector<int>{
                                           MADV_DONTNEED, MADV_DONTNEED, MADV_POPULATE_WRITE, MADV_POPULATE_READ})};
        }));
    add(1, have, rc::gen::exec([=]() -> Op {
          auto [off, len] = range();
          return MsyncOp{h, off, len, *rc::gen::elementOf(std::vector<int>{MS_SYNC, MS_ASYNC})};
        }));
    add(2, have, rc::gen::exec([=]() -> Op {
          auto [off, len] = *in_page(mem_target(h));
          const auto via = *rc::gen::elementOf(std::vector<PinOp::Via>{
              PinOp::Via::kPvmRead, PinOp::Via::kPvmWrite, PinOp::Via::kProcMem, PinOp::Via::kProcMemWrite});
          return PinOp{h, off, len, via, *rc::gen::inRange<uint32_t>(1, 0xffff)};
        }));
    // The file around the spot: truncate to just before or after the spot's unit (or back to
    // where it was, or to nothing), punch the unit out, read(2)/write(2) it.
    const uint64_t at = round_down(obj_page * kPage, u);
    add(3, file && t.truncate_ok, rc::gen::exec([=]() -> Op {
          return TruncateOp{*rc::gen::elementOf(std::vector<uint64_t>{at, at + u, round_down(eof, u), 0})};
        }));
    add(2, file && t.punch_ok, rc::gen::exec([=]() -> Op {
          return PunchHoleOp{at, u * *rc::gen::inRange<uint64_t>(1, 3)};
        }));
    add(2, file, rc::gen::exec([=]() -> Op {
          auto [off, len] = *in_page(obj_page * kPage);
          return SysWriteOp{off, len, *rc::gen::inRange<uint32_t>(1, 0xffff)};
        }));
    add(1, file && t.sys_read, rc::gen::exec([=]() -> Op {
          auto [off, len] = *in_page(obj_page * kPage);
          return SysReadOp{off, len};
        }));
    uint64_t total = 0;
    for (const auto& [w, g] : kinds) total += w;
    auto one = rc::gen::mapcat(rc::gen::inRange<uint64_t>(0, total), [kinds](uint64_t k) {
      for (const auto& [w, g] : kinds) {
        if (k < w) return g;
        k -= w;
      }
      return kinds.back().second;
    });
    std::vector<std::vector<Op>> threads(shape.size());
    for (size_t k = 0; k < shape.size(); k++) {
      for (size_t i = 0; i < shape[k]; i++) threads[k].push_back(*one);
    }
    // A kernel copy (several bytes, not one store) moves to bytes no other thread touches.
    for (size_t k = 0; k < threads.size(); k++) {
      for (Op& op : threads[k]) {
        if (!kernel_copy(op)) continue;
        for (int tries = 0; tries < 512; tries++) {
          bool clash = false;
          for (size_t j = 0; j < threads.size() && !clash; j++) {
            for (const Op& other : threads[j]) clash |= j != k && overlap(cells(sm, op), cells(sm, other));
          }
          if (!clash) break;
          next_slot(op);
        }
      }
    }
    return threads;
  });
}

}  // namespace daxprop
