#!/usr/bin/env python3
"""request_numpy.py - a vectorised NumPy baseline of the request engine
(SPEC section 7) for journeys that call their stages one after another
(a pure-gate journey whose dependencies are leaves, `requires all`, no
`order`): per request, each stage's state is drawn from the steady state
(down, degraded, up), each attempt draws a lognormal (or fixed) own time
and an error, an attempt on a down stage costs down_latency_ms, a timeout
abandons the attempt, retries wait backoff_ms. Arrays over requests, a
loop over stages and attempts - the way one would write it in NumPy.
Prints requests/s and the estimates, to compare with bench/request_speed.c
on the same model:

    /usr/bin/python3 bench/request_numpy.py models/account-opening-requests.graphml --requests 1e7
"""
import argparse
import time
import xml.etree.ElementTree as ET

import numpy as np

Z99 = 2.3263478740408408
NS = "{http://graphml.graphdrawing.org/xmlns}"


def load(path):
    root = ET.parse(path).getroot()
    keys = {k.get("id"): (k.get("attr.name"), k.get("for")) for k in root.iter(NS + "key")}
    g = root.find(NS + "graph")
    nodes, edges = {}, []
    for n in g.iter(NS + "node"):
        nodes[n.get("id")] = {keys[d.get("key")][0]: d.text for d in n.iter(NS + "data")}
    for e in g.iter(NS + "edge"):
        edges.append((e.get("source"), e.get("target"),
                      {keys[d.get("key")][0]: d.text for d in e.iter(NS + "data")}))
    journey = next(i for i, a in nodes.items() if "slo" in a)
    stages = []
    for s, t, ea in edges:
        if s != journey:
            continue
        a = nodes[t]
        f = lambda k, d: float(a[k]) if k in a else d
        med = f("latency_ms", 0.0)
        p99 = f("latency_p99_ms", float("nan"))
        avail = f("availability", 1.0)
        deg = f("degraded", 0.0)
        stages.append(dict(
            p_down=1 - avail, p_deg=deg, med=med,
            sigma=np.log(p99 / med) / Z99 if p99 == p99 and med > 0 else 0.0,
            err=f("error_rate", 0.0), derr=f("degraded_error_rate", f("error_rate", 0.0)),
            dfac=f("degraded_latency_factor", 1.0), down=f("down_latency_ms", 0.0),
            timeout=float(ea.get("timeout_ms", "inf")), retries=int(ea.get("retries", "0")),
            backoff=float(ea.get("backoff_ms", "0"))))
    j = nodes[journey]
    return stages, float(j.get("latency_slo_ms", "inf"))


def serve(stages, n, rng):
    ok = np.ones(n, bool)
    lat = np.zeros(n)
    for s in stages:
        u = rng.random(n)
        down = u < s["p_down"]
        deg = (~down) & (u < s["p_down"] + s["p_deg"])
        done = ~ok                     # requests already failed do not call on
        t = np.zeros(n)
        for a in range(s["retries"] + 1):
            act = ~done
            if not act.any():
                break
            if a > 0:
                t[act] += s["backoff"]
            own = s["med"] * (np.exp(s["sigma"] * rng.standard_normal(n)) if s["sigma"] > 0 else 1.0)
            own = np.where(deg, own * s["dfac"], own)
            err = rng.random(n) < np.where(deg, s["derr"], s["err"])
            at = np.where(down, np.minimum(s["down"], s["timeout"]), own)
            timed = at > s["timeout"]
            at = np.minimum(at, s["timeout"])
            succ = act & ~down & ~err & ~timed
            t[act] += at[act]
            done |= succ
        ok &= done
        lat += t
    return ok, lat


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("--requests", type=float, default=1e7)
    p.add_argument("--chunk", type=float, default=1e6)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    stages, slo_ms = load(a.model)
    rng = np.random.default_rng(a.seed)
    n, chunk = int(a.requests), int(a.chunk)
    served = good = 0
    hist = []
    t0 = time.perf_counter()
    left = n
    while left > 0:
        k = min(chunk, left)
        ok, lat = serve(stages, k, rng)
        served += int(ok.sum())
        good += int((ok & (lat <= slo_ms)).sum())
        hist.append(np.quantile(lat[ok], 0.999))
        left -= k
    dt = time.perf_counter() - t0
    print('{ "model": "%s", "requests": %d, "requests_per_s": %.4g, "success": %.9f, '
          '"good_share": %.9f, "p99.9_ms_mean_of_chunks": %.6g }'
          % (a.model, n, n / dt, served / n, good / n, float(np.mean(hist))))


if __name__ == "__main__":
    main()
