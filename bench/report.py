#!/usr/bin/env python3
"""Turns a bench/run directory into bench.json and a short text table (on stdout)."""
import glob
import json
import os
import statistics
import sys

out = sys.argv[1]
bench = {"run": os.path.basename(out)}
lines = []


def summary(path):
    p = os.path.join(path, "latest", "summary.json")
    return json.load(open(p)) if os.path.exists(p) else None


def throughput(s):
    per = {}
    for r in s["results"]:
        if r["status"] not in ("pass", "fail") or r["name"].startswith("regress."):
            continue
        b = r["name"].split(".")[1]
        t = per.setdefault(b, {"cases": 0, "ops": 0, "seconds": 0.0})
        t["cases"] += r["cases"]
        t["ops"] += r["ops"]
        t["seconds"] += r["seconds"]
    for t in per.values():
        t["cases_per_s"] = round(t["cases"] / t["seconds"], 1) if t["seconds"] else 0
        t["ops_per_s"] = round(t["ops"] / t["seconds"], 1) if t["seconds"] else 0
    return per


lines.append("1. throughput (generated cases; data, fault, args, fork, file properties)")
for where in ("native", "vm"):
    s = summary(os.path.join(out, where))
    if not s:
        continue
    per = throughput(s)
    bench["throughput_" + where] = per
    for b, t in per.items():
        lines.append(f"   {where:6} {b:12} {t['cases_per_s']:8.1f} cases/s {t['ops_per_s']:9.1f} ops/s"
                     f"  ({t['cases']} cases in {t['seconds']:.1f} s)")

rows = {}
if os.path.exists(os.path.join(out, "overhead.tsv")):
    for line in open(os.path.join(out, "overhead.tsv")):
        b, _, engine, raw, ops, engine_ok, raw_ok = line.split()
        r = rows.setdefault(b, {"engine": [], "raw": [], "ops": int(ops), "ok": (int(engine_ok), int(raw_ok))})
        r["engine"].append(float(engine))
        r["raw"].append(float(raw))
lines.append("2. overhead: the same traces replayed by daxprop vs run as C reproducers")
bench["overhead"] = {}
for b, r in rows.items():
    ratios = [e / w for e, w in zip(r["engine"], r["raw"]) if w > 0]
    o = {"ops": r["ops"], "engine_min_s": min(r["engine"]), "engine_median_s": statistics.median(r["engine"]),
         "raw_min_s": min(r["raw"]), "raw_median_s": statistics.median(r["raw"]),
         "ratio_median": round(statistics.median(ratios), 2), "ratio_min": round(min(ratios), 2),
         "reps": len(ratios), "traces_passed_engine": r["ok"][0], "reproducers_passed": r["ok"][1]}
    bench["overhead"][b] = o
    lines.append(f"   {b:12} engine {o['engine_median_s']:6.2f} s, raw {o['raw_median_s']:6.2f} s"
                 f" (medians of {o['reps']}): ratio {o['ratio_median']:.2f} (min {o['ratio_min']:.2f})"
                 f"  [{o['ops']} ops; {o['traces_passed_engine']} traces passed the model,"
                 f" {o['reproducers_passed']} reproducers exited 0]")

boots = []
for f in sorted(glob.glob(os.path.join(out, "boot*.vm.json"))):
    boots.append(json.load(open(f)))
if boots:
    secs = [b["boot_to_command_seconds"] for b in boots if "boot_to_command_seconds" in b]
    bench["boot"] = {"accel": sorted({b.get("accel") for b in boots}),
                     "boot_to_first_case_s": secs,
                     "min_s": min(secs) if secs else None,
                     "median_s": statistics.median(secs) if secs else None}
    lines.append(f"3. VM boot to first case: median {bench['boot']['median_s']} s, min {bench['boot']['min_s']} s"
                 f" ({', '.join(bench['boot']['accel'])}; {len(secs)} boots)")
par = os.path.join(out, "parallel.tsv")
if os.path.exists(par):
    bench["default_run"] = []
    for line in open(par):
        jobs, wall, d = line.rstrip("\n").split("\t")
        s = summary(os.path.join(out, d))
        cases = sum(r["cases"] for r in s["results"]) if s else 0
        verdicts = {}
        for r in (s["results"] if s else []):
            verdicts[r["verdict"]] = verdicts.get(r["verdict"], 0) + 1
        row = {"jobs": int(jobs), "wall_s": float(wall), "tests": len(s["results"]) if s else 0,
               "cases": cases, "cases_per_min": round(cases / float(wall) * 60, 1), "verdicts": verdicts}
        bench["default_run"].append(row)
        lines.append(f"   default runners/run --jobs {row['jobs']}: {row['wall_s']:.0f} s wall, {row['tests']} tests,"
                     f" {cases} cases, {row['cases_per_min']} cases/min; {verdicts}")
    if len(bench["default_run"]) == 2 and bench["default_run"][0]["cases_per_min"]:
        a, b = bench["default_run"]
        bench["jobs_speedup"] = round(b["cases_per_min"] / a["cases_per_min"], 2)
        lines.append(f"   --jobs {b['jobs']} vs --jobs 1: {bench['jobs_speedup']}x the cases per minute")

lines.append("4. shrinking (memfd; data, file, args properties)")
bench["shrinking"] = {}
for d in sorted(glob.glob(os.path.join(out, "shrink-*"))):
    kind = os.path.basename(d)[len("shrink-"):]
    s = summary(d)
    if not s:
        continue
    res = []
    for r in s["results"]:
        if r["status"] == "fail":
            res.append({"test": r["name"], "first_failure_s": r["first_failure_s"], "shrink_s": r["shrink_s"],
                        "shrink_cases": r["shrink_cases"], "minimal_ops": r["minimal_trace_ops"]})
    bench["shrinking"][kind] = res
    for x in res:
        lines.append(f"   {kind:12} {x['test']:26} first failure {x['first_failure_s']:6.2f} s, shrunk in"
                     f" {x['shrink_s']:6.2f} s ({x['shrink_cases']} cases) to {x['minimal_ops']} ops")
    if not res:
        lines.append(f"   {kind:12} not caught")

json.dump(bench, open(os.path.join(out, "bench.json"), "w"), indent=2)
print("\n".join(lines))
