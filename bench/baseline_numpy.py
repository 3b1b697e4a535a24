#!/usr/bin/python3
"""The baseline: the Monte Carlo a user would write in NumPy instead of nines.

Usage:
    bench/baseline_numpy.py MODEL.graphml [--scenarios N] [--threads T]
                            [--seed S] [--words W] [--repeats R]
                            [--rel-error E --max-seconds T]

Reads the same GraphML model as nines (xml.etree: keys by attr.name, key
defaults, availability or mttf_h/mttr_h, requires all/any/k, slo journeys,
else the roots) and estimates each journey's steady-state unavailability
by plain Monte Carlo, as fast as NumPy allows, so that the comparison with
nines is fair:

- bit-packed states: a uint64 word holds 64 scenarios, a node's state over
  a batch of 64*W scenarios is one row of W words, and a gate is a bitwise
  AND / OR (k-of-n: bit-sliced counters) over rows;
- sparse failure draws: node i with unavailability q fails at a Poisson
  number of positions, Poisson(N * -log(1-q)) uniform with replacement and
  OR-ed together; by Poisson thinning every scenario is then down
  independently with probability exactly 1 - exp(log(1-q)) = q, so the
  draws cost a few random numbers per failure, not one per node-scenario;
- evaluation level by level in topological order, every gate of one level,
  kind and fan-in in one vectorised operation (no Python loop over nodes);
  gates that also fail on their own are an AND with a private leaf;
- words in which nothing failed are left out of the evaluation when they
  are the majority (small models);
- all cores: batches go to a multiprocessing pool (fork), each batch drawing
  from its own generator seeded by (seed, batch index).

Output: one JSON object on stdout (rates, per-journey unavailability with
95% Wilson intervals; with --rel-error, the time and scenarios needed for
a relative 95% half-width <= E on every journey's unavailability, measured,
or extrapolated as t * (achieved / E)^2 when --max-seconds stops it first).
Only the Python standard library and NumPy (Debian python3-numpy).
"""

import argparse
import json
import math
import multiprocessing as mp
import os
import sys
import time
import xml.etree.ElementTree as ET

import numpy as np

NS = "{http://graphml.graphdrawing.org/xmlns}"
Z95 = 1.959963984540054
ONES = np.uint64(0xFFFFFFFFFFFFFFFF)


# ---- model -----------------------------------------------------------------

def _num(s):
    return float(s) if s is not None and s.strip() != "" else None


def load(path):
    """Nodes (id, q, requires, deps, slo) of a GraphML file, as nines reads it."""
    root = ET.parse(path).getroot()
    keys = {}
    for k in root.iter(NS + "key"):
        d = k.find(NS + "default")
        dv = d.text if d is not None and d.text and d.text.strip() else None
        keys[k.get("id")] = (k.get("attr.name"), k.get("for", "all"), dv)
    graph = root.find(NS + "graph")
    node_defaults = {n: dv for n, f, dv in keys.values() if f in ("node", "all") and dv is not None}
    ids, attrs = [], []
    for v in graph.iter(NS + "node"):
        a = dict(node_defaults)
        for d in v.findall(NS + "data"):
            if d.get("key") in keys and d.text is not None and d.text.strip() != "":
                a[keys[d.get("key")][0]] = d.text.strip()
        ids.append(v.get("id"))
        attrs.append(a)
    index = {x: i for i, x in enumerate(ids)}
    deps = [[] for _ in ids]
    for e in graph.iter(NS + "edge"):
        deps[index[e.get("source")]].append(index[e.get("target")])
    q, req, slo = [], [], []
    for a, d in zip(attrs, deps):
        av = _num(a.get("availability"))
        if av is None and _num(a.get("mttf_h")) and _num(a.get("mttr_h")):
            f, r = float(a["mttf_h"]), float(a["mttr_h"])
            av = f / (f + r)
        q.append(0.0 if av is None else 1.0 - av)
        r = (a.get("requires") or "all").strip().lower()
        k = len(d) if r == "all" else 1 if r == "any" else int(r)
        req.append(k)
        slo.append(_num(a.get("slo")))
    journeys = [i for i in range(len(ids)) if slo[i] is not None]
    if not journeys:
        indeg = [0] * len(ids)
        for d in deps:
            for v in d:
                indeg[v] += 1
        journeys = [i for i in range(len(ids)) if indeg[i] == 0]
    return ids, q, req, deps, journeys


class Program:
    """The union of the journeys' cones as rows of a state matrix, in
    evaluation order, with the vectorised operations of every level."""

    def __init__(self, q, req, deps, journeys):
        seen, stack = set(journeys), list(journeys)
        while stack:
            u = stack.pop()
            for v in deps[u]:
                if v not in seen:
                    seen.add(v)
                    stack.append(v)
        # Gates with their own failure become AND(own leaf, gate).
        nq, nk, nd, name = [], [], [], {}
        for u in sorted(seen):
            name[u] = len(nq)
            nq.append(q[u])
            nk.append(req[u])
            nd.append(None)
        for u in sorted(seen):
            i = name[u]
            d = [name[v] for v in deps[u]]
            if d and q[u] > 0:
                leaf = len(nq)
                nq.append(q[u]); nk.append(0); nd.append([])
                nq[i] = 0.0
                if req[u] == len(d):
                    d = d + [leaf]
                    nk[i] = len(d)
                else:
                    inner = len(nq)
                    nq.append(0.0); nk.append(req[u]); nd.append(d)
                    d = [inner, leaf]
                    nk[i] = 2
            nd[i] = d
        n = len(nq)
        level = [0] * n
        order = []
        state = [0] * n
        for s in range(n):          # iterative DFS postorder = topological
            if state[s]:
                continue
            st = [(s, 0)]
            while st:
                u, k = st.pop()
                if k < len(nd[u]):
                    st.append((u, k + 1))
                    v = nd[u][k]
                    if not state[v]:
                        state[v] = 1
                        st.append((v, 0))
                else:
                    if state[u] != 2:
                        state[u] = 2
                        order.append(u)
                        level[u] = 1 + max((level[v] for v in nd[u]), default=-1)
        leaves = [u for u in order if not nd[u]]
        gates = [u for u in order if nd[u]]

        def kind(u):
            k, m = nk[u], len(nd[u])
            return (0, 0) if k == m else (1, 0) if k == 1 else (2, k)
        # Failing leaves first, so their rows are 0 .. n_fail-1.
        leaves.sort(key=lambda u: (nq[u] == 0, u))
        gates.sort(key=lambda u: (level[u], kind(u), len(nd[u]), u))
        rows = leaves + gates
        row = {u: r for r, u in enumerate(rows)}
        self.n_rows = len(rows)
        self.ones_row, self.zeros_row = self.n_rows, self.n_rows + 1
        self.n_fail = sum(1 for u in leaves if nq[u] > 0)
        self.mu = np.array([-math.log1p(-nq[u]) for u in leaves[:self.n_fail]])
        self.journey_rows = np.array([row[name[j]] for j in journeys], dtype=np.int64)
        # Groups: one level, one kind (and k), padded to the widest fan-in
        # with a neutral row (ones for AND, zeros for OR and k-of-n).
        self.groups = []
        i = len(leaves)
        while i < len(rows):
            u = rows[i]
            key = (level[u], kind(u))
            j = i
            while j < len(rows) and (level[rows[j]], kind(rows[j])) == key:
                j += 1
            width = max(len(nd[rows[x]]) for x in range(i, j))
            pad = self.ones_row if key[1][0] == 0 else self.zeros_row
            dm = np.full((j - i, width), pad, dtype=np.int64)
            for x in range(i, j):
                d = [row[v] for v in nd[rows[x]]]
                dm[x - i, :len(d)] = d
            self.groups.append((i, j, key[1][0], key[1][1],
                                [np.ascontiguousarray(dm[:, c]) for c in range(width)]))
            i = j
        self.max_group = max([g[1] - g[0] for g in self.groups], default=1)
        self.max_k = max([g[3] for g in self.groups], default=0)

    def evaluate(self, S, tmp, sl):
        """Every gate row of S (rows x words), level by level."""
        for r0, r1, kind, k, cols in self.groups:
            g = r1 - r0
            out = S[r0:r1]
            t = tmp[:g]
            if kind == 0 or kind == 1:
                op = np.bitwise_and if kind == 0 else np.bitwise_or
                np.take(S, cols[0], axis=0, out=out, mode="clip")
                for c in cols[1:]:
                    np.take(S, c, axis=0, out=t, mode="clip")
                    op(out, t, out=out)
                continue
            # k-of-n, bit-sliced: c_j = "at least j of the inputs so far".
            c = sl[:, :g]
            c[:k + 1] = 0
            for idx, col in enumerate(cols):
                np.take(S, col, axis=0, out=t, mode="clip")
                for j in range(min(idx + 1, k), 0, -1):
                    if j == 1:
                        np.bitwise_or(c[1], t, out=c[1])
                    else:
                        c[j] |= c[j - 1] & t
            out[...] = c[k]


# ---- sampling --------------------------------------------------------------

POP16 = np.array([bin(i).count("1") for i in range(1 << 16)], dtype=np.uint8)
PROG = None
WORDS = 256
WS = None       # per-process state matrix and scratch


def popcount(x):
    return int(POP16[x.view(np.uint16)].sum(dtype=np.int64))


def run_batches(task):
    """Down counts per journey over batches [b0, b0 + nb) of 64*WORDS
    scenarios each, batch b drawing from generator (seed, b)."""
    global WS
    c0 = time.process_time()
    seed, b0, nb = task
    P, W = PROG, WORDS
    N = 64 * W
    if WS is None:
        # Once per process: fresh pages cost more than a batch.
        S = np.full((P.n_rows + 2, W), ONES, dtype=np.uint64)
        S[P.zeros_row] = 0
        WS = (S, np.empty((P.max_group, W), dtype=np.uint64),
              np.empty((P.max_k + 1, P.max_group, W), dtype=np.uint64))
    S, tmp, sl = WS
    Sflat = S.reshape(-1)
    frows = np.arange(P.n_fail, dtype=np.int64)
    lam = P.mu * N
    down = np.zeros(len(P.journey_rows), dtype=np.int64)
    one = np.uint64(1)
    for b in range(b0, b0 + nb):
        rng = np.random.default_rng([seed, b])
        cnt = rng.poisson(lam)
        tot = int(cnt.sum())
        if tot == 0:
            continue
        pos = rng.integers(0, N, size=tot, dtype=np.int64)
        key = (np.repeat(frows, cnt) * W + (pos >> 6)) << 6 | (pos & 63)
        key.sort()
        word = key >> 6
        bits = np.left_shift(one, (key & 63).astype(np.uint64))
        first = np.flatnonzero(np.concatenate(([True], word[1:] != word[:-1])))
        uw = word[first]
        Sflat[uw] = ~np.bitwise_or.reduceat(bits, first)
        active = np.unique(uw % W)
        if len(active) * 2 < W:
            # Most words saw no failure: evaluate only the others.
            A = S[:, active]
            na = len(active)
            P.evaluate(A, np.empty((P.max_group, na), dtype=np.uint64),
                       np.empty((P.max_k + 1, P.max_group, na), dtype=np.uint64))
            jr = A[P.journey_rows]
        else:
            P.evaluate(S, tmp, sl)
            jr = S[P.journey_rows]
        for j in range(len(down)):
            down[j] += N - popcount(jr[j]) if len(active) * 2 >= W else \
                len(active) * 64 - popcount(jr[j])
        Sflat[uw] = ONES
    return down, time.process_time() - c0


def wilson(x, n):
    p = x / n
    z2 = Z95 * Z95
    den = 1 + z2 / n
    mid = (p + z2 / (2 * n)) / den
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / den
    return mid - half, mid + half


def rel_halfwidth(x, n):
    if x == 0:
        return math.inf
    lo, hi = wilson(x, n)
    return (hi - lo) / 2 / (x / n)


# CPU seconds of the workers in the last sample() (their process time):
# on a shared machine, scenarios per CPU-second compare engines fairly.
CPU = [0.0]


def sample(pool, seed, b0, nb, threads):
    per = max(1, nb // (threads * 8))
    tasks = [(seed, b, min(per, b0 + nb - b)) for b in range(b0, b0 + nb, per)]
    down = np.zeros(len(PROG.journey_rows), dtype=np.int64)
    cpu = 0.0
    for d, c in pool.imap_unordered(run_batches, tasks):
        down += d
        cpu += c
    CPU[0] = cpu
    return down


def main(argv):
    global PROG, WORDS
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model")
    ap.add_argument("--scenarios", type=float, default=1e7)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--words", type=int, default=0,
                    help="words per batch (default: by model size)")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--rel-error", type=float, default=0.0)
    ap.add_argument("--max-seconds", type=float, default=60.0)
    a = ap.parse_args(argv)

    t0 = time.perf_counter()
    ids, q, req, deps, journeys = load(a.model)
    PROG = Program(q, req, deps, journeys)
    t_load = time.perf_counter() - t0
    # About 4 MB of states per batch: large enough to amortise the
    # interpreter, small enough to stay in cache.
    WORDS = a.words or int(min(4096, max(16, 2 ** round(math.log2(
        (1 << 19) / (PROG.n_rows + 2))))))
    N = 64 * WORDS
    out = {"model": a.model, "nodes": len(ids), "rows": PROG.n_rows,
           "failing": PROG.n_fail, "journeys": len(journeys),
           "threads": a.threads, "words": WORDS, "load_s": t_load,
           "numpy": np.__version__}
    ctx = mp.get_context("fork")
    with ctx.Pool(a.threads) as pool:
        pool.map(int, range(a.threads))     # start the workers
        nb = max(1, int(math.ceil(a.scenarios / N)))
        best = best_cpu = math.inf
        for rep in range(a.repeats):
            t1 = time.perf_counter()
            down = sample(pool, a.seed, 0, nb, a.threads)
            best = min(best, time.perf_counter() - t1)
            best_cpu = min(best_cpu, CPU[0])
        n = nb * N
        out.update({"scenarios": n, "seconds": best, "scenarios_per_s": n / best,
                    "cpu_seconds": best_cpu, "scenarios_per_cpu_s": n / best_cpu,
                    "ns_per_node_scenario": best / n / max(1, len(ids)) * 1e9 * a.threads})
        out["unavailability"] = [
            {"journey": ids[j], "estimate": int(down[i]) / n,
             "ci95": list(wilson(int(down[i]), n))} for i, j in enumerate(journeys)]
        if a.rel_error > 0:
            # Plain sampling until every journey's relative half-width is
            # <= E; the next round aims at the count the current estimate
            # asks for (at most 4x more), checked against the time limit.
            t1 = time.perf_counter()
            tot = np.zeros(len(journeys), dtype=np.int64)
            b, step, rel = 0, max(1, a.threads * 4), math.inf
            while True:
                tot += sample(pool, a.seed + 1, b, step, a.threads)
                b += step
                n = b * N
                rel = max(rel_halfwidth(int(x), n) for x in tot)
                el = time.perf_counter() - t1
                if rel <= a.rel_error or el >= a.max_seconds:
                    break
                want = n * (rel / a.rel_error) ** 2 if math.isfinite(rel) else 4 * n
                step = int(min(max(want * 1.05 - n, n / 4), 4 * n) // N) + 1
                rate = n / el
                step = max(1, min(step, int((a.max_seconds - el) * rate / N) + 1))
            out["precision"] = {
                "rel_error": a.rel_error, "achieved": rel, "scenarios": n,
                "seconds": el, "reached": rel <= a.rel_error,
                "seconds_needed": el if rel <= a.rel_error else
                el * (rel / a.rel_error) ** 2 if math.isfinite(rel) else math.inf}
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
