#include "src/case_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "src/inflight.h"
#include "src/kmsg.h"
#include "src/signature.h"
#include "src/stacks.h"

namespace daxprop {

namespace {

[[noreturn]] void case_child(const Backing& backing, const std::vector<Op>& ops,
                             const CaseOptions& opts, int out) {
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  signal(SIGPIPE, SIG_IGN);
  UniqueFd journal;
  if (!opts.journal_path.empty()) {
    journal.reset(open(opts.journal_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    std::string h = format_trace_header(opts.header);
    if (journal) write_all(journal.get(), h.data(), h.size());
  }
  auto obj = backing.create_object();
  if (!obj) {
    std::string msg = "E" + obj.error().str();
    write_all(out, msg.data(), msg.size());
    _exit(0);
  }
  {
    Executor ex(backing.traits(), obj->get(), opts.inject);
    for (size_t i = 0; i < ops.size(); i++) {
      const Op& op = ops[i];
      // Journal first, unbuffered: if the op takes the kernel down, the trace names it.
      std::string line = format_op(op);
      if (journal) write_all(journal.get(), line.data(), line.size());
      if (opts.kmsg_marks) KmsgCursor::mark_op(static_cast<int>(i));
      rt_outcome raw;
      const Outcome o = ex.run(op, &raw);
      if (journal) {
        std::string ann = "  # => " + format_outcome(o) + "\n";
        write_all(journal.get(), ann.data(), ann.size());
      }
      if (!Executor::send(out, 'O', o, std::span<const uint8_t>(raw.data, raw.has_data ? raw.data_len : 0))) _exit(1);
      rt_outcome_free(&raw);
    }
    if (opts.kmsg_marks) KmsgCursor::mark_op(-1);  // the executor unmaps everything now
  }
  // Every pin, mapping and KVM guest of the case is gone now: truncating the object must
  // complete (fs-dax would wait in ext4/xfs_break_layouts for a page still pinned). Whether it
  // does is what the runner's timeout watches; its result is not a model question.
  if (backing.traits().truncate_ok) {
    write_all(out, "T", 1);
    if (ftruncate(obj->get(), 0) != 0) {
      // refused (a fixed-size object): nothing was held
    }
  }
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
  _exit(0);
}

}  // namespace

CaseRun run_case(const Backing& backing, const std::vector<Op>& ops, const CaseOptions& opts) {
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
    case_child(backing, ops, opts, p[1]);
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
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
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
                 ")";
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
