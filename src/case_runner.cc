#include "src/case_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sched.h>
#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "src/inflight.h"
#include "src/kmsg.h"
#include "src/race.h"
#include "src/rt/rt_repro.h"
#include "src/signature.h"
#include "src/stacks.h"

namespace daxprop {

namespace {

// Runs `body` in the case process (its own process group, killed with the runner), with the
// journal open and its header written, and exits.
[[noreturn]] void case_child(const CaseOptions& opts, int out,
                             const std::function<void(int out, int journal)>& body) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  signal(SIGPIPE, SIG_IGN);
  UniqueFd journal;
  if (!opts.journal_path.empty()) {
    journal.reset(open(opts.journal_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    std::string h = format_trace_header(opts.header);
    if (journal) write_all(journal.get(), h.data(), h.size());
  }
  body(out, journal.get());
  _exit(0);
}

// The journal line of an op, before it runs (if the op takes the kernel down, the trace names
// it), and its outcome after.
void journal_op(int journal, const std::string& prefix, const Op& op) {
  std::string line = prefix + format_op(op);
  if (journal >= 0) write_all(journal, line.data(), line.size());
}
void journal_outcome(int journal, const Outcome& o) {
  std::string ann = "  # => " + format_outcome(o) + "\n";
  if (journal >= 0) write_all(journal, ann.data(), ann.size());
}

// Creates the case's object; on failure tells the runner ('E') and ends the case process.
UniqueFd object_or_exit(const Backing& backing, int out) {
  auto obj = backing.create_object();
  if (!obj) {
    std::string msg = "E" + obj.error().str();
    write_all(out, msg.data(), msg.size());
    _exit(0);
  }
  return std::move(*obj);
}

// Every pin, mapping and KVM guest of the case is gone now: truncating the object must
// complete (fs-dax would wait in ext4/xfs_break_layouts for a page still pinned). Whether it
// does is what the runner's timeout watches; its result is not a model question.
void teardown_truncate(const Backing& backing, int out, int fd) {
  if (!backing.traits().truncate_ok) return;
  write_all(out, "T", 1);
  if (ftruncate(fd, 0) != 0) {
    // refused (a fixed-size object): nothing was held
  }
}

void sequential_body(const Backing& backing, const std::vector<Op>& ops, const CaseOptions& opts,
                     int out, int journal) {
  UniqueFd obj = object_or_exit(backing, out);
  {
    Executor ex(backing.traits(), obj.get(), opts.inject);
    for (size_t i = 0; i < ops.size(); i++) {
      journal_op(journal, "", ops[i]);
      if (opts.kmsg_marks) KmsgCursor::mark_op(static_cast<int>(i));
      rt_outcome raw;
      const Outcome o = ex.run(ops[i], &raw);
      journal_outcome(journal, o);
      if (!Executor::send(out, 'O', o, std::span<const uint8_t>(raw.data, raw.has_data ? raw.data_len : 0))) _exit(1);
      rt_outcome_free(&raw);
    }
    if (opts.kmsg_marks) KmsgCursor::mark_op(-1);  // the executor unmaps everything now
  }
  teardown_truncate(backing, out, obj.get());
  if (opts.inject == Inject::kLateWarn &&
      std::any_of(ops.begin(), ops.end(), [](const Op& op) { return std::holds_alternative<MsyncOp>(op); })) {
    if (fork() == 0) {  // in the case's process group; PR_SET_PDEATHSIG is not inherited
      usleep(300 * 1000);
      static const char kLine[] =
          "<4>WARNING: CPU: 0 PID: 1 at daxprop/inject.c:1 daxprop_inject_late_warn+0x0/0x10\n";
      int k = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
      if (k >= 0 && write(k, kLine, sizeof kLine - 1) < 0) _exit(1);
      _exit(0);
    }
  }
}

}  // namespace

CaseRun run_case(const Backing& backing, const std::vector<Op>& ops, const CaseOptions& opts) {
  return run_case_with(backing, ops, opts, [&](int out, int journal) {
    sequential_body(backing, ops, opts, out, journal);
  });
}

// How long a case killed on its timeout gets to die.
constexpr std::chrono::seconds kKillWait{10};

CaseRun run_case_with(const Backing& backing, const std::vector<Op>& ops, const CaseOptions& opts,
                      const std::function<void(int out, int journal)>& body) {
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  CaseRun run;
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) {
    run.end = CaseRun::End::kSetupFailed;
    run.detail = last_error("pipe2").str();
    return run;
  }
  pid_t pid = fork();
  if (pid < 0) {
    run.end = CaseRun::End::kSetupFailed;
    run.detail = last_error("fork").str();
    close(p[0]);
    close(p[1]);
    return run;
  }
  if (pid == 0) {
    close(p[0]);
    case_child(opts, p[1], body);
  }
  setpgid(pid, pid);  // also done by the child: whichever runs first wins the race
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  close(p[1]);
  UniqueFd in(p[0]);
  auto deadline = t0 + std::chrono::duration<double>(opts.timeout_s);
  bool timed_out = false, in_teardown = false;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    struct pollfd pfd {in.get(), POLLIN, 0};
    int r = poll(&pfd, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) {
      timed_out = true;
      break;
    }
    char tag;
    ssize_t n = read(in.get(), &tag, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (tag == 'E') {
      char buf[4096];
      ssize_t m = read(in.get(), buf, sizeof buf);
      run.end = CaseRun::End::kSetupFailed;
      run.detail = "creating the object: " + std::string(buf, m > 0 ? static_cast<size_t>(m) : 0);
      continue;
    }
    if (tag == 'T') {
      in_teardown = true;
      continue;
    }
    Observation o;
    if (tag != 'O' || !Executor::decode(in.get(), o)) break;
    run.obs.push_back(std::move(o));
  }
  if (timed_out) {
    // Where the case sleeps in the kernel, before the kill takes it out of there.
    if (char* s = ks_report(pid)) {
      run.stacks = s;
      free(s);
    }
    kill(-pid, SIGKILL);
  }
  // A read the case left held keeps its exit waiting (io_uring waits for it): let it go.
  if (backing.traits().hold_skip.empty()) if_release_gates(pid);
  // A case killed on its timeout may not die: a task looping in the kernel without checking
  // for a fatal signal, or asleep uninterruptibly, keeps its pid. Waiting for it would hang the
  // run until its watchdog and blame nothing; after kKillWait the case is a hang in its op, the
  // process left where it is (the stacks say where that is).
  int status = 0;
  bool unkillable = false;
  for (const auto kill_deadline = Clock::now() + kKillWait;;) {
    const pid_t r = waitpid(pid, &status, timed_out ? WNOHANG : 0);
    if (r == pid || (r < 0 && errno != EINTR)) break;
    if (r == 0 && Clock::now() >= kill_deadline) {
      unkillable = true;
      if (char* s = ks_report(pid)) {
        run.stacks = s;
        free(s);
      }
      break;
    }
    if (r == 0) usleep(20 * 1000);
  }
  // What the case left running in its process group (peers, a process still writing) is part
  // of the case: the kernel lines it causes belong to it, so let it end, within the case's
  // deadline and a grace second (run_case's caller reads the kernel log after this). The
  // runner is a child subreaper, so orphans of the case come back to it and are reaped here.
  const auto grace = std::min<Clock::time_point>(
      std::chrono::time_point_cast<Clock::duration>(deadline),
      Clock::now() + std::chrono::seconds(1));
  while (true) {
    int st;
    pid_t r = waitpid(-pid, &st, WNOHANG);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) break;  // ECHILD: the group is empty
    if (r > 0) continue;
    if (Clock::now() >= grace + std::chrono::seconds(5)) break;  // unkillable (D state): leave it
    if (Clock::now() >= grace) kill(-pid, SIGKILL);
    usleep(5000);
  }
  run.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  if (run.end == CaseRun::End::kSetupFailed) return run;
  const bool in_op = run.obs.size() < ops.size();
  if (timed_out) {
    run.end = CaseRun::End::kTimedOut;
    run.signature = in_op        ? hang_signature(ops[run.obs.size()])
                    : in_teardown ? "hang in the truncate after the last op"
                                  : "hang after the last op";
    run.detail = "case did not finish within " + std::to_string(opts.timeout_s) + " s (" +
                 (run.obs.size() < ops.size() ? "hung in: " + format_op(ops[run.obs.size()])
                  : in_teardown
                      ? std::string("hung in the truncate after the last op, with every pin, "
                                    "mapping and KVM guest of the case dropped")
                      : std::string("after the last op")) +
                 ")" +
                 (unkillable ? "; the case process did not die on SIGKILL within " +
                                   std::to_string(kKillWait.count()) +
                                   " s: it is stuck in the kernel, left there"
                             : "");
  } else if (run.obs.size() < ops.size() || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    run.end = CaseRun::End::kCrashed;
    std::string how = WIFSIGNALED(status) ? "killed by " + signal_name(WTERMSIG(status))
                                          : "exited " + std::to_string(WEXITSTATUS(status));
    run.signature = in_op ? crash_signature(ops[run.obs.size()], how) : "crash after the last op (" + how + ")";
    run.detail = "case process " + how +
                 (run.obs.size() < ops.size() ? " during: " + format_op(ops[run.obs.size()])
                                              : std::string(" after the last op"));
  }
  return run;
}

}  // namespace daxprop

namespace daxprop {

namespace {

// Inject::kLateWrite, after a section's threads ended: a store through a shared mapping of the
// file that completed in a section with a truncate reaches the file again (rt_late_writes).
void late_writes(const RaceCase& rc, const std::vector<std::vector<Outcome>>& outs, int fd,
                 uint64_t obj_base) {
  std::vector<rt_op> ops;
  std::vector<int> went_through;
  for (const auto& op : rc.prefix) ops.push_back(lower(op));
  for (size_t k = 0; k < rc.threads.size(); k++) {
    for (size_t i = 0; i < rc.threads[k].size(); i++) {
      ops.push_back(lower(rc.threads[k][i]));
      went_through.push_back(outs[k][i].kind == Outcome::Kind::kOk);
    }
  }
  rt_late_writes(ops.data(), static_cast<int>(rc.prefix.size()), static_cast<int>(went_through.size()),
                 went_through.data(), fd, obj_base);
}

// The parallel section: each thread's ops on its own thread, all released at once (a spin on a
// flag, so none is still waking up when the others start). Outcomes are sent thread by thread.
std::vector<std::vector<Outcome>> run_section(Executor& ex, const RaceCase& rc, int out) {
  const size_t n = rc.threads.size();
  std::vector<std::vector<Outcome>> outs(n);
  std::vector<std::vector<rt_outcome>> raws(n);
  std::atomic<size_t> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (size_t k = 0; k < n; k++) {
    outs[k].resize(rc.threads[k].size());
    raws[k].resize(rc.threads[k].size());
    threads.emplace_back([&, k] {
      rt_guard_install();
      ready.fetch_add(1);
      for (int spins = 0; !go.load(std::memory_order_acquire); spins++) {
        if (spins > 1000) sched_yield();  // fewer CPUs than threads: let the others get ready
      }
      for (size_t i = 0; i < rc.threads[k].size(); i++) outs[k][i] = ex.run(rc.threads[k][i], &raws[k][i]);
    });
  }
  while (ready.load() < n) sched_yield();
  go.store(true, std::memory_order_release);
  for (auto& t : threads) t.join();
  for (size_t k = 0; k < n; k++) {
    for (size_t i = 0; i < outs[k].size(); i++) {
      rt_outcome& raw = raws[k][i];
      if (!Executor::send(out, 'O', outs[k][i], std::span<const uint8_t>(raw.data, raw.has_data ? raw.data_len : 0))) _exit(1);
      rt_outcome_free(&raw);
    }
  }
  return outs;
}

void race_body(const Backing& backing, const RaceCase& rc, const CaseOptions& opts, int out,
               int journal) {
  const size_t per = race_rep_ops(rc).size();
  for (int rep = 0; rep < rc.reps; rep++) {
    // The journal holds the case once (a trace `replay` reads); later repetitions are comments.
    const int jr = rep == 0 ? journal : -1;
    if (rep > 0 && journal >= 0) {
      const std::string l = "# repetition " + std::to_string(rep + 1) + "\n";
      write_all(journal, l.data(), l.size());
    }
    UniqueFd obj = object_or_exit(backing, out);
    {
      Executor ex(backing.traits(), obj.get(), opts.inject);
      auto one = [&](size_t at, const Op& op) {
        journal_op(jr, "", op);
        if (opts.kmsg_marks) KmsgCursor::mark_op(static_cast<int>(at));
        rt_outcome raw;
        const Outcome o = ex.run(op, &raw);
        journal_outcome(jr, o);
        if (!Executor::send(out, 'O', o, std::span<const uint8_t>(raw.data, raw.has_data ? raw.data_len : 0))) _exit(1);
        rt_outcome_free(&raw);
      };
      const size_t base = static_cast<size_t>(rep) * per;
      for (size_t i = 0; i < rc.prefix.size(); i++) one(base + i, rc.prefix[i]);
      if (jr >= 0) {
        std::string s = "parallel reps=" + std::to_string(rc.reps) + "\n";
        for (size_t k = 0; k < rc.threads.size(); k++) {
          for (const auto& op : rc.threads[k]) s += "t" + std::to_string(k) + " " + format_op(op) + "\n";
        }
        write_all(jr, s.data(), s.size());
      }
      // A kernel line from here to the final reads belongs to the section as a whole.
      if (opts.kmsg_marks) KmsgCursor::mark_op(static_cast<int>(base + rc.prefix.size()));
      const auto outs = run_section(ex, rc, out);
      if (opts.inject == Inject::kLateWrite) late_writes(rc, outs, obj.get(), backing.traits().obj_base);
      if (jr >= 0) write_all(jr, "# final reads\n", 14);
      for (size_t i = 0; i < rc.final_reads.size(); i++) {
        // Comments in the journal: the final reads are not part of the trace.
        if (jr >= 0) write_all(jr, "# ", 2);
        one(base + per - rc.final_reads.size() + i, rc.final_reads[i]);
      }
      if (opts.kmsg_marks) KmsgCursor::mark_op(-1);
    }
    if (rep + 1 == rc.reps) teardown_truncate(backing, out, obj.get());
  }
}

}  // namespace

CaseRun run_race_case(const Backing& backing, const RaceCase& rc, const CaseOptions& opts) {
  const std::vector<Op> all = race_all_ops(rc);
  CaseRun run = run_case_with(backing, all, opts, [&](int out, int journal) {
    race_body(backing, rc, opts, out, journal);
  });
  if (run.end != CaseRun::End::kTimedOut && run.end != CaseRun::End::kCrashed) return run;
  const size_t per = race_rep_ops(rc).size(), at = run.obs.size() % per;
  if (run.obs.size() >= all.size() || at < rc.prefix.size() || at >= per - rc.final_reads.size()) return run;
  // Inside a parallel section: no one op is to blame, the section is. The signature leaves its
  // ops out, so that a shrink that trims the section keeps the finding (the detail names them).
  const int rep = static_cast<int>(run.obs.size() / per) + 1;
  run.signature = std::string(run.end == CaseRun::End::kTimedOut ? "hang" : "crash") + " in a parallel section";
  run.detail += " [repetition " + std::to_string(rep) + ", in " + section_name(rc.threads) + "]";
  return run;
}

}  // namespace daxprop
