#!/usr/bin/env python3
"""Turns the shared harness's results into the README's performance table.

usage: bench_report.py PEER_DIR CEILING_DIR [--readme README.md]
  PEER_DIR     compare.sh --out-dir of taskbox (a) against the FastAPI peer (b)
  CEILING_DIR  compare.sh --out-dir of taskbox (a) against nginx (b), health scenarios
With --readme, the table replaces what is between the bench markers in that file.

Fairness is p99 against N/R: a closed-loop client with N connections served at R
responses per second waits N/R on average (Little's law); a fair server keeps its p99
within a small multiple of that.
"""
import json
import re
import sys
from pathlib import Path

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def load(directory):
    return json.loads((Path(directory) / "summary.json").read_text())


def num(value, digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}".replace(",", " ")


def table(peer, ceiling):
    # NOTE: the ceiling's ratio comes from its own alternating runs of taskbox and nginx.
    nginx = {s["id"]: s for s in ceiling["scenarios"]}
    rows = [
        "| scenario | conns | taskbox rps | p50 ms | p99 ms | p99 ÷ N/R | CPU µs/req | errors "
        "| FastAPI rps | taskbox ÷ FastAPI | nginx rps | taskbox ÷ nginx¹ |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in peer["scenarios"]:
        a, b = s["a"], s["b"]
        n = s["connections"]
        fair = a["p99_ms"] / (1000 * n / a["rps"]) if a["rps"] and a["p99_ms"] else None
        ceil = nginx.get(s["id"])
        rows.append(
            f"| {s['id']} | {n} | {num(a['rps'])} | {num(a['p50_ms'], 2)} | {num(a['p99_ms'], 1)} "
            f"| {num(fair, 1)} | {num(a['cpu_us_per_req'])} | {a['errors']} | {num(b['rps'], 1)} "
            f"| {num(s['ratio_rps'], 1)} | {num(ceil['b']['rps']) if ceil else '–'} "
            f"| {num(ceil['ratio_rps'], 2) if ceil else '–'} |"
        )
    overall = peer["overall"]["a"]
    rows += [
        "",
        f"Startup {num(overall['startup_ms'], 1)} ms · idle RSS {num(overall['idle_rss_kb'] / 1024, 1)} MiB · "
        f"peak RSS {num(overall['peak_rss_kb'] / 1024, 1)} MiB · after load "
        f"{num(overall['rss_after_kb'] / 1024, 1)} MiB (taskbox; medians of {peer['rounds']} rounds).",
        "",
        "¹ from taskbox and nginx alternating in their own runs of the same invocation.",
    ]
    return "\n".join(rows)


def main(argv):
    if len(argv) not in (3, 5) or (len(argv) == 5 and argv[3] != "--readme"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    text = table(load(argv[1]), load(argv[2]))
    print(text)
    if len(argv) == 5:
        readme = Path(argv[4])
        content = readme.read_text()
        pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
        if not pattern.search(content):
            print(f"bench_report: no {BEGIN} ... {END} in {readme}", file=sys.stderr)
            return 1
        readme.write_text(pattern.sub(lambda _: f"{BEGIN}\n{text}\n{END}", content))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
