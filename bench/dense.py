#!/usr/bin/python3
"""Failure-dense meshes and long chains: nines against the NumPy baseline
in one run (issue 17), and the constraint stage against the model's size.

Usage (from the top of the tree, after `make all bench-progs`):
    /usr/bin/python3 bench/dense.py [--build DIR] [--before DIR] [--quick]
                                    [--repeats R] [--out DIR]

Models, written to --out (default bench/out/): the light mesh of 1,000
nodes (`gen_mesh.py --nodes 1000 --seed 1`, 0.11 failed nodes per
scenario) and field meshes of 1,000, 10,000 and 100,000 nodes
(`gen_mesh.py --field`: availabilities 99-99.99%, 2.7, 28 and 283 failed
nodes per scenario); chains of 50,000, 100,000 and 200,000 nodes in
series (availability 0.9999999 each).

Measured:
- plain sampling, one thread / one process, a fixed count of scenarios:
  scenarios per CPU-second of the sampling alone (bench/steady_speed's
  cpu_seconds; baseline_numpy.py's workers' process time), best of
  --repeats, nines and NumPy alternating in the same run; with --before
  DIR, the same for another build's steady_speed (e.g. main's);
- the constraint stage: CPU seconds (user + sys, /usr/bin/time) of
  `nines run MODEL --windows 0 --scenarios 1e5 --threads 1` minus the same
  with --no-constraints, best of --repeats.

CPU time, not wall time: on a shared machine a process may get a fraction
of a core, which the wall time counts and the CPU time does not.
Standard library only; prints a markdown table and writes dense.json.
"""

import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
PY = "/usr/bin/python3"


def sh(cmd):
    r = subprocess.run(cmd, cwd=TOP, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("dense: %s failed (%d): %s" % (" ".join(cmd), r.returncode,
                                                         r.stderr.strip()[-2000:]))
    return r


def last_json(cmd):
    return json.loads(sh(cmd).stdout.strip().splitlines()[-1])


def cpu_of(cmd):
    """user + sys seconds of one run under /usr/bin/time."""
    r = subprocess.run(["/usr/bin/time", "-f", "%U %S"] + cmd, cwd=TOP,
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("dense: %s failed: %s" % (" ".join(cmd), r.stderr[-2000:]))
    u, s = re.findall(r"^([0-9.]+) ([0-9.]+)$", r.stderr, re.M)[-1]
    return float(u) + float(s)


def chain(path, n):
    with open(path, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
                '<key id="a" for="node" attr.name="availability" attr.type="double"/>\n'
                '<key id="s" for="node" attr.name="slo" attr.type="double"/>\n'
                '<graph id="chain" edgedefault="directed">\n'
                '<node id="j"><data key="s">0.9</data></node>\n')
        for i in range(n):
            f.write('<node id="n%d"><data key="a">0.9999999</data></node>\n' % i)
        f.write('<edge source="j" target="n0"/>\n')
        for i in range(n - 1):
            f.write('<edge source="n%d" target="n%d"/>\n' % (i, i + 1))
        f.write('</graph>\n</graphml>\n')


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--before", default="", help="another build dir to compare")
    ap.add_argument("--quick", action="store_true", help="skip the 100,000-node mesh and the 200,000-node chain")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", default=os.path.join("bench", "out"))
    a = ap.parse_args(argv)
    os.makedirs(os.path.join(TOP, a.out), exist_ok=True)

    meshes = [("mesh-1000", 1000, []), ("field-1000", 1000, ["--field"]),
              ("field-10000", 10000, ["--field"])]
    if not a.quick:
        meshes.append(("field-100000", 100000, ["--field"]))
    # Scenarios per run: about a second of nines on one core here.
    counts = {"mesh-1000": 1 << 27, "field-1000": 1 << 25, "field-10000": 1 << 22,
              "field-100000": 1 << 18}
    np_counts = {"mesh-1000": 1 << 22, "field-1000": 1 << 20, "field-10000": 1 << 18,
                 "field-100000": 1 << 15}
    rows = []
    for name, n, extra in meshes:
        path = os.path.join(a.out, name + ".graphml")
        sh([PY, "bench/gen_mesh.py", "--nodes", str(n), "--seed", "1", "-o", path] + extra)
        print("dense: %s" % name, file=sys.stderr, flush=True)
        row = {"model": name, "nodes": n}
        best = {"nines": 0.0, "numpy": 0.0, "before": 0.0}
        for _ in range(a.repeats):
            r = last_json([os.path.join(a.build, "bench", "steady_speed"), path,
                           "--scenarios", str(counts[name]), "--threads", "1",
                           "--repeats", "1"])
            row["failed_per_scenario"] = r["failures_per_scenario"]
            best["nines"] = max(best["nines"], r["scenarios_per_cpu_s"])
            r = last_json([PY, "bench/baseline_numpy.py", path, "--scenarios",
                           str(np_counts[name]), "--threads", "1", "--repeats", "1"])
            best["numpy"] = max(best["numpy"], r["scenarios_per_cpu_s"])
            if a.before:
                r = last_json([os.path.join(a.before, "bench", "steady_speed"), path,
                               "--scenarios", str(counts[name] // 8), "--threads", "1",
                               "--repeats", "1"])
                best["before"] = max(best["before"], r["scenarios_per_cpu_s"])
        row.update({k + "_per_cpu_s": v for k, v in best.items() if v})
        rows.append(row)

    stages = []
    chains = (50000, 100000) if a.quick else (50000, 100000, 200000)
    models = [("chain-%d" % n, n) for n in chains]
    if not a.quick:
        models.append(("mesh-100000", 100000))
    for name, n in models:
        path = os.path.join(a.out, name + ".graphml")
        if name.startswith("chain"):
            chain(os.path.join(TOP, path), n)
        else:
            sh([PY, "bench/gen_mesh.py", "--nodes", str(n), "--seed", "1", "-o", path])
        print("dense: constraints of %s" % name, file=sys.stderr, flush=True)
        cmd = [os.path.join(a.build, "nines"), "run", path, "--windows", "0",
               "--scenarios", "1e5", "--threads", "1"]
        with_c = min(cpu_of(cmd) for _ in range(a.repeats))
        without = min(cpu_of(cmd + ["--no-constraints"]) for _ in range(a.repeats))
        stages.append({"model": name, "nodes": n, "run_cpu_s": with_c,
                       "constraints_cpu_s": max(0.0, with_c - without)})

    with open(os.path.join(TOP, a.out, "dense.json"), "w") as f:
        json.dump({"steady": rows, "constraints": stages,
                   "loadavg": open("/proc/loadavg").read().split()[:3]}, f, indent=1)
    print("| model | nodes | failed nodes per scenario | nines scenarios/CPU-s | NumPy scenarios/CPU-s | nines / NumPy |%s"
          % (" before | after / before |" if a.before else ""))
    print("|---|---:|---:|---:|---:|---:|%s" % ("---:|---:|" if a.before else ""))
    for r in rows:
        extra = ""
        if a.before:
            extra = " %.3g | %.1fx |" % (r["before_per_cpu_s"],
                                         r["nines_per_cpu_s"] / r["before_per_cpu_s"])
        print("| %s | %d | %.3g | %.3g | %.3g | **%.1fx** |%s"
              % (r["model"], r["nodes"], r["failed_per_scenario"], r["nines_per_cpu_s"],
                 r["numpy_per_cpu_s"], r["nines_per_cpu_s"] / r["numpy_per_cpu_s"], extra))
    print()
    print("| model | nodes | `nines run --windows 0 --scenarios 1e5` CPU s | of which the constraint stage |")
    print("|---|---:|---:|---:|")
    for s in stages:
        print("| %s | %d | %.2f | %.2f |" % (s["model"], s["nodes"], s["run_cpu_s"],
                                            s["constraints_cpu_s"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
