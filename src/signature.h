// Signatures: the stable, machine-readable identity of a failure (syzbot's dedup title). The
// same kernel bug gives the same signature on every run and machine, whatever the case's
// lengths, offsets, addresses, pids or timestamps: known issues, `compare`, dedup and bug
// reports key on it. In order of preference:
//   1. the kernel's own report title, normalised ("WARNING in dax_disassociate_entry",
//      "bad pud in mm/pgtable-generic.c:42", "BUG: unable to handle page fault in
//      __split_huge_pmd");
//   2. where the case hung ("hang in pin via=proc_mem");
//   3. the first op whose outcome differs from the model, and how ("mprotect: expected EINVAL,
//      got ok", "sibling_read: bytes differ").
#pragma once

#include <string>
#include <vector>

#include "src/ops.h"

namespace daxprop {

// The title of the first kernel report (WARN, BUG, Oops, bad p?d, Bad page, UBSAN, list
// corruption, panic) in a run of kernel-log lines (kmsg messages, or console lines with their
// "[ 12.345678]" stamps), with addresses, values, pids and cpus stripped; "" if none. A fault's
// function comes from the report's RIP line when the title itself names none.
std::string kmsg_title(const std::vector<std::string>& lines);
// kmsg_title plus the kind of op the report was logged during, from the case's per-op markers
// ("bad pud in mm/pgtable-generic.c:42 during mremap", "... during teardown"): one log line
// that two code paths print is two findings. Just the title without markers; "" without a
// report.
std::string kmsg_signature(const std::vector<std::string>& lines, const std::vector<Op>& ops);
// For a failure message: "\n(the kernel logged \"<first bad record>\" during op N (<op>))", or ""
// when no bad record has a marker before it.
std::string kmsg_note(const std::vector<std::string>& lines, const std::vector<Op>& ops);

// An op as a signature names it: its kind, and a pin's GUP path (never lengths or offsets).
std::string op_signature(const Op& op);
// An outcome as a signature names it: "ok", "EINVAL", "SIGBUS BUS_ADRERR", "... held".
std::string outcome_signature(const Outcome& o);

// "hang in <op>" / "crash in <op> (SIGKILL)": for cases that did not end by themselves.
std::string hang_signature(const Op& op);
std::string crash_signature(const Op& op, const std::string& how);

}  // namespace daxprop
