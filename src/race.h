// Racing cases (DESIGN §5 RACE): a case's ops, then a parallel section whose threads are
// released together, the whole repeated on a fresh object; and the linearizability oracle that
// judges it: what the threads observed, and the state they left (read back by the final reads),
// must be what the model gives for some order of the threads' ops.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "src/model.h"
#include "src/ops.h"

namespace daxprop {

struct RaceCase {
  std::vector<Op> prefix;                // the case's sequential ops
  std::vector<std::vector<Op>> threads;  // the parallel section: each thread's ops
  int reps = 1;                          // repetitions of the whole case
  std::vector<Op> final_reads;           // race_final_reads of the model after the prefix
};

// The ops that read back what a parallel section left, after its threads ended: every page the
// section's ops touched (and the pages at a truncate's new end) through every mapping of the case
// process that shows it, and through read(2) where the backing has a file. At most 24 ops.
std::vector<Op> race_final_reads(const Model& after_prefix,
                                 const std::vector<std::vector<Op>>& threads);

// Checks that rc's ops fit the model (a handle used before its map, an op no section runs, ...)
// and sets its final reads: empty, or what does not fit.
std::string race_fit(const BackingTraits& traits, RaceCase& rc);
// A race case from its trace (race_fit); an error if its ops do not fit the model.
std::variant<RaceCase, std::string> race_case_of(const BackingTraits& traits, const Trace& t);

// The ops of one repetition in the order their outcomes come back: the prefix, each thread's
// ops thread by thread, the final reads.
std::vector<Op> race_rep_ops(const RaceCase& rc);
// The same for the whole case (every repetition).
std::vector<Op> race_all_ops(const RaceCase& rc);

// "a parallel section (truncate | write, read)": where a hang, crash, panic or kernel record
// inside a section came from (no one op of it is to blame); its signature is "... in a parallel
// section", without the ops, which a shrink may trim.
std::string section_name(const std::vector<std::vector<Op>>& threads);

// A racing case's kernel report (kmsg_signature, kmsg_note): a record logged inside a parallel
// section belongs to the section, not to the op its marker names (the threads run under one
// marker, the section's first op's). The signature says "during a parallel section", the same
// however the shrinker trims the section; the note names the section's ops and repetition.
std::string race_kmsg_signature(const std::vector<std::string>& lines, const RaceCase& rc);
std::string race_kmsg_note(const std::vector<std::string>& lines, const RaceCase& rc);

// Can op kind `op` run in a parallel section? (Ops whose effect is one atomic step against the
// others': see gen_race_threads.)
bool race_op_ok(const Op& op);

// What a correct kernel may show in a parallel section, for a reproducer that has no model: the
// model's expectations of the section's ops (thread by thread) and of the final reads, for
// every order of them. The orders are a superset of those linearize may accept (an access may
// also come before its own thread's earlier ops when another thread changes the layout; a
// private store's copy-on-write may come anywhere), so an outcome no world explains is one no
// order explains. Distinct expectations are kept once per op; a world names one of each.
struct RaceWorlds {
  std::vector<Op> ops;                     // the section's ops, thread by thread, then the final reads
  std::vector<std::vector<Expect>> alts;   // per op: its distinct expectations
  std::vector<std::vector<int>> worlds;    // per world: per op, an index into alts[op]
  uint64_t orders = 0;                     // complete orders enumerated
  std::string why;                         // not empty: no worlds (too many orders, or none fits)
};
RaceWorlds race_worlds(const BackingTraits& traits, const RaceCase& rc, size_t max_worlds = 512);

// The linearizability check of one repetition's parallel section.
struct Linearized {
  bool ok = false;
  uint64_t orders = 0;  // complete orders of the threads' ops tried to the end (with the reads)
  uint64_t cut = 0;     // partial orders ruled out by an op's outcome
  uint64_t stale = 0;   // accesses placed back before a layout change still in flight
  uint64_t steps = 0;   // model steps taken
  bool undecided = false;  // the search hit its step limit before an order explained it
  std::vector<int> order;         // ok: an order that explains it (thread numbers)
  std::string why, signature;     // !ok: the disagreement of the order that got furthest
  std::vector<std::string> tried;  // !ok: the orders tried and where each failed (at most 24)
};
Linearized linearize(const Model& start, const std::vector<std::vector<Op>>& threads,
                     const std::vector<std::vector<Observation>>& obs,
                     const std::vector<Op>& final_reads, const std::vector<Observation>& final_obs);

// The whole case's observations (every repetition, in race_all_ops order; fewer if it ended
// early) through the model: the prefix op by op, each parallel section by linearize. Every
// repetition is judged; the first disagreement is the one described.
struct RaceVerdict {
  bool ok = true;
  int rep = 0;             // the repetition that failed
  size_t index = 0;        // its first op in race_all_ops (the failing prefix op, or the section's)
  bool in_section = false;
  std::string message, signature;
  Outcome expected;        // a failing prefix op: the model's outcome
  uint64_t orders = 0, cut = 0, stale = 0;  // summed over the repetitions judged
  int reps_judged = 0;
  int failed_reps = 0;     // sections no order explains (the first one is the one described)
  int undecided_reps = 0;  // sections the search gave up on (its step limit): no verdict
  // Per thread op (thread by thread): the outcome observed in the failing repetition.
  std::vector<std::vector<Outcome>> section_seen;
};
RaceVerdict judge_race(const BackingTraits& traits, const RaceCase& rc,
                       const std::vector<Observation>& obs);

}  // namespace daxprop
