// Scaling out: the split of a run into parts (--shard), the cost table it uses, and the model's
// copy-on-write page records that let a 1 GiB mapping cost what its ops cost.
#include <gtest/gtest.h>

#include <sys/mman.h>

#include <algorithm>
#include <fstream>

#include "src/model.h"
#include "src/shard.h"

namespace daxprop {
namespace {

TEST(Shard, ParsesIOverNAndRejectsTheRest) {
  auto s = parse_shard("2/3");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->index, 2);
  EXPECT_EQ(s->count, 3);
  EXPECT_EQ(s->str(), "2/3");
  for (const char* bad : {"0/3", "4/3", "3", "/3", "1/", "a/b", "1/0", "1/257", "-1/3", "1/3/4", " 1/3"}) {
    EXPECT_FALSE(parse_shard(bad)) << bad;
  }
}

TEST(Shard, EveryUnitGoesToExactlyOnePartAndThePartsBalance) {
  std::vector<ShardUnit> units;
  for (int i = 0; i < 40; i++) units.push_back({"t" + std::to_string(i), 1.0 + (i * 7) % 13});
  units.push_back({"big", 30});
  for (int n : {1, 2, 3, 5}) {
    const auto part = assign_shards(units, n);
    ASSERT_EQ(part.size(), units.size());
    std::vector<double> load(static_cast<size_t>(n), 0);
    for (size_t u = 0; u < units.size(); u++) {
      ASSERT_GE(part[u], 1);
      ASSERT_LE(part[u], n);
      load[static_cast<size_t>(part[u] - 1)] += units[u].cost;
    }
    // Longest first: no part exceeds the lightest by more than the largest unit.
    const double lo = *std::min_element(load.begin(), load.end());
    const double hi = *std::max_element(load.begin(), load.end());
    EXPECT_LE(hi - lo, 30.0) << n << " parts";
    // The same units give the same split, whatever order they were listed in.
    auto reversed = units;
    std::reverse(reversed.begin(), reversed.end());
    const auto part_r = assign_shards(reversed, n);
    for (size_t u = 0; u < units.size(); u++) EXPECT_EQ(part[u], part_r[units.size() - 1 - u]);
  }
}

TEST(Shard, CostTableLinesAreCheckedAndOneCaseCostIsDerived) {
  const std::string path = testing::TempDir() + "/costs.tsv";
  std::ofstream(path) << "# comment\n\ndata.memfd.coherence\t80\t4.0\nkvm.devdax_1g.memslot\t0\t9.0\n";
  CostTable t;
  ASSERT_FALSE(load_costs(path, t));
  EXPECT_DOUBLE_EQ(t.per_case.at("data.memfd.coherence"), 0.05);
  EXPECT_DOUBLE_EQ(t.per_case.at("kvm.devdax_1g.memslot"), 9.0);  // no case passed: the whole
  for (const char* bad : {"x\t1\n", "x\ty\t1\n", "x\t1\tz\n", "\t1\t1\n", "x\t1\t-1\n"}) {
    std::ofstream(path) << bad;
    auto why = load_costs(path, t);
    ASSERT_TRUE(why) << bad;
    EXPECT_NE(why->find(":1: not 'TEST<TAB>CASES<TAB>SECONDS'"), std::string::npos) << *why;
  }
  EXPECT_TRUE(load_costs(path + ".missing", t));
  // The shipped table covers the shipped tests' names (a typo would make a test "unknown").
  ASSERT_FALSE(load_costs(shipped_costs(), t));
  EXPECT_GT(t.per_case.size(), 100u);
  EXPECT_TRUE(t.per_case.count("pin.devdax_1g.inflight"));
}

PageState page(int prot) { return PageState{true, prot, false, nullptr}; }

TEST(PageVec, ACopySharesUntilOneSideChanges) {
  PageVec a;
  a.assign(262144, page(PROT_READ));  // 1 GiB of 4 KiB pages
  PageVec b = a;
  b[1000].prot = PROT_WRITE;
  b[262143].mapped = false;
  EXPECT_EQ(a[1000].prot, PROT_READ);
  EXPECT_TRUE(a[262143].mapped);
  EXPECT_EQ(b[1000].prot, PROT_WRITE);
  EXPECT_FALSE(b[262143].mapped);
  // The pages of one fresh range share a chunk: a change to one page touches no other.
  EXPECT_EQ(b[1001].prot, PROT_READ);
  EXPECT_EQ(b[512 + 1000].prot, PROT_READ);
  a[5].prot = PROT_NONE;
  EXPECT_EQ(b[5].prot, PROT_READ);
}

TEST(PageVec, ResizeAndIterateLikeAVector) {
  PageVec v;
  EXPECT_TRUE(v.empty());
  v.resize(700, page(1));
  v.resize(1100, page(2));  // fills the partial chunk, then a new one
  ASSERT_EQ(v.size(), 1100u);
  EXPECT_EQ(v[699].prot, 1);
  EXPECT_EQ(v[700].prot, 2);
  EXPECT_EQ(v[1099].prot, 2);
  PageVec keep = v;
  v.resize(600);
  ASSERT_EQ(v.size(), 600u);
  v.resize(800, page(3));
  EXPECT_EQ(v[599].prot, 1);
  EXPECT_EQ(v[600].prot, 3);  // not the old pages 600..799
  EXPECT_EQ(keep[700].prot, 2);
  size_t n = 0, twos = 0;
  for (auto& p : keep) {
    n++;
    twos += p.prot == 2;
  }
  EXPECT_EQ(n, 1100u);
  EXPECT_EQ(twos, 400u);
  for (auto& p : v) p.prot = 7;
  EXPECT_EQ(v[0].prot, 7);
  EXPECT_EQ(keep[0].prot, 1);
}

}  // namespace
}  // namespace daxprop
