// The trace format: print -> parse -> print is the identity, and malformed traces are rejected
// with the line number and the reason.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <sys/mman.h>

#include "src/ops.h"

namespace daxprop {
namespace {

rc::Gen<uint64_t> any_u64() {
  return rc::gen::oneOf(rc::gen::arbitrary<uint64_t>(), rc::gen::inRange<uint64_t>(0, 1 << 24),
                        rc::gen::element<uint64_t>(0, 1, 4095, 4096, 2 << 20, UINT64_MAX));
}

rc::Gen<Op> any_op() {
  return rc::gen::exec([]() -> Op {
    int h = *rc::gen::inRange(0, 1000);
    int proc = *rc::gen::inRange(0, 5);
    int prot = *rc::gen::element(PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE, PROT_WRITE,
                                 PROT_READ | PROT_EXEC);
    uint64_t a = *any_u64(), b = *any_u64();
    uint32_t pat = *rc::gen::arbitrary<uint32_t>();
    switch (*rc::gen::inRange(0, 13)) {
      case 0: return MapOp{h, a, b, prot, *rc::gen::arbitrary<uint32_t>(), *any_u64()};
      case 1: return UnmapOp{h, a, b};
      case 2: return MprotectOp{h, a, b, prot};
      case 3: return MremapOp{h, a, *rc::gen::arbitrary<bool>(), b};
      case 4:
        return MadviseOp{h, a, b,
                         *rc::gen::element(MADV_DONTNEED, MADV_DONTFORK, MADV_DOFORK,
                                           MADV_WILLNEED, MADV_NORMAL, 77)};
      case 5:
        return MsyncOp{h, a, b,
                       *rc::gen::element(MS_SYNC, MS_ASYNC, MS_SYNC | MS_INVALIDATE,
                                         MS_SYNC | MS_ASYNC, 0, 64)};
      case 6: return WriteOp{proc, h, a, b, pat};
      case 7: return ReadOp{proc, h, a, b};
      case 8: return SysWriteOp{a, b, pat};
      case 9: return SysReadOp{a, b};
      case 10: return TruncateOp{a};
      case 11: return PunchHoleOp{a, b};
      default: return ForkOp{*rc::gen::inRange(1, 9)};
    }
  });
}

rc::Gen<Outcome> any_outcome() {
  return rc::gen::exec([] {
    Outcome o;
    switch (*rc::gen::inRange(0, 3)) {
      case 0: break;
      case 1: o = Outcome::error(*rc::gen::element(EINVAL, ENOMEM, EFAULT, EOPNOTSUPP, 300)); break;
      default:
        o = Outcome::signal(*rc::gen::element(SIGSEGV, SIGBUS),
                            *rc::gen::element(1, 2, 4, 5), *any_u64());
    }
    if (*rc::gen::arbitrary<bool>()) o.n = *any_u64();
    if (*rc::gen::arbitrary<bool>()) o.crc = *rc::gen::arbitrary<uint32_t>();
    return o;
  });
}

std::string token() {
  return *rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::element(
      'a', 'z', '0', '9', '.', '-', '_', '=', '+', '/')));
}

RC_GTEST_PROP(TraceFormat, PrintParsePrintIsIdentity, ()) {
  // Ops whose wire form loses nothing: a read/write in process 0 prints without "@p0", a write
  // in process N with "@pN"; only those two kinds may carry a process.
  Trace t;
  t.header.daxprop_version = token();
  t.header.property = token();
  t.header.backing = token();
  t.header.seed = *rc::gen::arbitrary<uint64_t>();
  t.header.reproduce = token();
  t.header.kernel = token();
  t.header.inject = token();
  auto ops = *rc::gen::container<std::vector<Op>>(any_op());
  for (auto& op : ops) {
    std::optional<Outcome> o;
    if (*rc::gen::arbitrary<bool>()) o = *any_outcome();
    t.lines.push_back(TraceLine{op, o});
  }
  std::string text = format_trace(t);
  auto parsed = parse_trace(text);
  if (auto* e = std::get_if<ParseError>(&parsed)) {
    RC_FAIL("parse failed: " + e->str() + "\n" + text);
  }
  RC_ASSERT(format_trace(std::get<Trace>(parsed)) == text);
  RC_ASSERT(std::get<Trace>(parsed) == t);
}

struct Bad {
  std::string text;
  int line;
  std::string reason_part;
};

class MalformedTrace : public ::testing::TestWithParam<Bad> {};

TEST_P(MalformedTrace, IsRejectedWithLineAndReason) {
  auto r = parse_trace(GetParam().text);
  ASSERT_TRUE(std::holds_alternative<ParseError>(r)) << GetParam().text;
  const auto& e = std::get<ParseError>(r);
  EXPECT_EQ(e.line, GetParam().line) << e.str();
  EXPECT_NE(e.reason.find(GetParam().reason_part), std::string::npos) << e.str();
}

const std::string kHead = "daxprop-trace 1\nbacking memfd\n---\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, MalformedTrace,
    ::testing::Values(
        Bad{"", 1, "empty"}, Bad{"hello\n", 1, "not a daxprop trace"},
        Bad{"daxprop-trace 2\n", 1, "unsupported trace format"},
        Bad{"daxprop-trace 1\nbacking memfd\n", 3, "missing '---'"},
        Bad{"daxprop-trace 1\nseed 1\n---\n", 3, "no 'backing'"},
        Bad{"daxprop-trace 1\nbacking a\nbacking b\n---\n", 3, "duplicate header"},
        Bad{"daxprop-trace 1\ncolour blue\n---\n", 2, "unknown header"},
        Bad{"daxprop-trace 1\nseed x1\nbacking m\n---\n", 2, "bad seed"},
        Bad{kHead + "map m0 len=0x1000 off=0 prot=rw\n", 4, "missing argument 'flags'"},
        Bad{kHead + "map m0 len=0x1000 off=0 prot=rw flags=shared colour=3\n", 4,
            "unknown argument 'colour'"},
        Bad{kHead + "map m0 len=0x1000 len=2 off=0 prot=rw flags=shared\n", 4, "duplicate"},
        Bad{kHead + "read m0 len=1\n", 4, "needs a target"},
        Bad{kHead + "read m0+zz len=1\n", 4, "needs a target"},
        Bad{kHead + "write m0+0 len=1 pat=0x100000000\n", 4, "out of range"},
        Bad{kHead + "mprotect m0+0 len=1 prot=rwq\n", 4, "bad prot"},
        Bad{kHead + "mremap m0 len=1 move=sideways\n", 4, "bad move"},
        Bad{kHead + "unmap@p1 m0+0 len=1\n", 4, "run in another process"},
        Bad{kHead + "fork p0\n", 4, "p1 or above"},
        Bad{kHead + "frobnicate\n", 4, "unknown op"},
        Bad{kHead + "read m0+0 len=1  # ok\n", 4, "must start with '=>'"},
        Bad{kHead + "read m0+0 len=1  # => sig SIGBUS BUS_NOPE +0x0\n", 4, "si_code"},
        Bad{kHead + "read m0+0 len=1  # => err ENOTANERRNO\n", 4, "unknown errno"},
        Bad{kHead + "read m0+0 len=1\nread m0+0 len=18446744073709551616\n", 5, "bad number"}));

TEST(TraceFormat, CommentsAndBlankLinesAreIgnored) {
  auto r = parse_trace(kHead + "\n# a comment\nread m0+0x0 len=0x10  # => ok crc=0x1\n\n");
  ASSERT_TRUE(std::holds_alternative<Trace>(r));
  const auto& t = std::get<Trace>(r);
  ASSERT_EQ(t.lines.size(), 1u);
  ASSERT_TRUE(t.lines[0].observed.has_value());
  EXPECT_EQ(t.lines[0].observed->crc, 1u);
}

}  // namespace
}  // namespace daxprop
