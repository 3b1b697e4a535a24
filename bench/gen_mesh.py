#!/usr/bin/python3
"""Generates layered service-mesh models as GraphML, for benchmarks.

Usage:
    bench/gen_mesh.py --nodes N [--seed S] [--shared-frac F] [--journeys J]
                      [--layers L] [--single-frac P] [--dist-frac Q] -o FILE

    bench/gen_mesh.py --nodes 1000 --seed 1 -o /tmp/mesh-1000.graphml

The output is deterministic: the same arguments give a byte-identical file
(Python's random.Random with a fixed seed, nothing else). Only the standard
library is used, and the GraphML is written as text: 100,000 nodes take
about 1.5 s.

Shape of the mesh, top to bottom (an edge u -> v means u depends on v, and
edges only go downwards, so the graph is acyclic by construction):

  journeys    J pure gates with an `slo` (0.999, 0.9995 or 0.9999); journey
              j depends on the top-layer services of its own slice of the
              mesh (2-4 of them, borrowing neighbours when its slice is
              smaller), so a journey's cone is about nodes/J, not the whole
              mesh;
  services    L layers (2-8, by size), more services lower down. Every
              service is called by the service at the same position of the
              layer above (a spanning tree of calls); --shared-frac of the
              nodes are shared: services with one or two extra callers
              (nearby ones, or from anywhere for the platform services of
              the bottom two layers), databases and zones. A service with
              one replica (--single-frac) is a single node with its own
              failure model; one with 2 or 3 replicas is a gate such as
              `auth-12` (requires all: its pool, the services it calls, its
              database) over a pool `auth-12-pool` (requires any, or 2-of-3
              for half of the 3-replica pools) over replicas
              `auth-12-r1..3` in distinct zones;
  databases   each used by 2-4 services of one slice (one in ten: from
              anywhere); 70% are a primary/standby pair under a gate
              (requires any), the rest a single node;
  zones       three per region; every replica, single service and database
              node runs in one;
  regions     one per 25,000 nodes; every zone depends on its region.

Every node with a failure model has availability in 0.999-0.99999
(log-uniform in unavailability; zones and regions 0.9999-0.99999) and
mttr_h in 0.5-4 (with --field: every availability uniform in 0.99-0.9999,
about 2.7 failed nodes per scenario per 1,000 nodes, as measured in the
field); a fraction --dist-frac of them fail by a Weibull law and,
independently, a fraction are repaired by a lognormal law. The achieved
shared fraction (nodes with more than one dependent) is printed on stderr
with the other statistics. The node count is exactly --nodes. Before
writing, the generator checks that every node is reachable from a journey,
that every edge goes down a rank, that no edge is repeated and that every
leaf has a failure model.

With the defaults, journeys come out at roughly 0.99-0.996 (single-replica
services and single databases are the points of failure): below their
SLOs, as real meshes tend to be. --single-frac 0 raises them.
"""
import argparse
import gc
import math
import random
import sys
import time

WORDS = ("auth", "accounts", "catalog", "pricing", "inventory", "search",
         "cart", "orders", "payments", "ledger", "risk", "fraud", "profile",
         "session", "notify", "email", "sms", "push", "media", "images",
         "reviews", "ratings", "recommend", "shipping", "tracking", "tax",
         "billing", "invoices", "loyalty", "coupons", "geo", "config",
         "feature-flags", "audit", "reporting", "export", "import", "kyc",
         "identity", "tokens")

SLOS = ("0.999", "0.9995", "0.9999")

# Ranks: every edge goes from a lower rank to a strictly higher one.
R_JOURNEY = 0


def r_service(layer):
    return 1 + 3 * layer


def r_pool(layer):
    return 2 + 3 * layer


def r_replica(layer):
    return 3 + 3 * layer


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Generate a layered service-mesh model as GraphML.")
    p.add_argument("--nodes", type=int, required=True,
                   help="number of nodes (exact)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--shared-frac", type=float, default=0.1,
                   help="target fraction of nodes with several dependents")
    p.add_argument("--journeys", type=int, default=0,
                   help="number of journeys (default: nodes/500, 1..200)")
    p.add_argument("--layers", type=int, default=0,
                   help="service layers (default: from the size, 2..8)")
    p.add_argument("--single-frac", type=float, default=0.1,
                   help="fraction of services with a single replica")
    p.add_argument("--dist-frac", type=float, default=0.1,
                   help="fraction of failure models with Weibull failures "
                        "(and, independently, lognormal repairs)")
    p.add_argument("--field", action="store_true",
                   help="every availability uniform in 99-99.99%% (about 2.6 "
                        "failed nodes per scenario per 1,000 nodes, as in the "
                        "field) instead of log-uniform in 99.9-99.999%%")
    p.add_argument("-o", "--output", required=True, help="output file, - for stdout")
    a = p.parse_args(argv)
    if a.nodes < 20:
        p.error("--nodes must be at least 20")
    if not 0 <= a.shared_frac < 0.5:
        p.error("--shared-frac must be in [0, 0.5)")
    if not 0 <= a.single_frac <= 1 or not 0 <= a.dist_frac <= 1:
        p.error("--single-frac and --dist-frac must be in [0, 1]")
    if a.journeys < 0 or a.layers < 0:
        p.error("--journeys and --layers must not be negative")
    return a


class Mesh:
    """Nodes and edges as parallel lists, with ranks for the acyclicity check."""

    def __init__(self):
        self.ids = []
        self.rank = []
        self.attrs = []     # list of (key, value) tuples
        self.deps = []      # list of lists of node indices

    def add(self, nid, rank, attrs):
        self.ids.append(nid)
        self.rank.append(rank)
        self.attrs.append(attrs)
        self.deps.append([])
        return len(self.ids) - 1

    def edge(self, u, v):
        self.deps[u].append(v)


# --field: every unavailability uniform in [1e-4, 1e-2] (availabilities
# 99-99.99%), one draw as before, so the structure is the same mesh's.
FIELD = [False]


def failure_model(rng, dist_frac, lo_u=1e-5, hi_u=1e-3, lo_r=0.5, hi_r=4.0):
    """Own failure attributes: availability, mttr_h and maybe non-exponential laws."""
    if FIELD[0]:
        u = rng.uniform(1e-4, 1e-2)
    else:
        u = math.exp(rng.uniform(math.log(lo_u), math.log(hi_u)))
    a = [("availability", "%.8g" % (1.0 - u)),
         ("mttr_h", "%.2f" % rng.uniform(lo_r, hi_r))]
    if rng.random() < dist_frac:
        a.append(("failure_dist", "weibull"))
        a.append(("failure_shape", "%.2f" % rng.uniform(0.7, 1.5)))
    if rng.random() < dist_frac:
        a.append(("repair_dist", "lognormal"))
        a.append(("repair_shape", "%.2f" % rng.uniform(0.5, 1.2)))
    return a


def layer_sizes(n_services, n_layers, min_top):
    """Geometric layer sizes, growing downwards, each >= 1, summing to n.

    The ratio is the default 1.6 unless the top layer would then hold fewer
    than min_top services; then it is lowered (down to equal layers) so
    that every journey can own top services of its own."""
    n_layers = max(1, min(n_layers, n_services))

    def top(r):
        return n_services / sum(r ** i for i in range(n_layers))

    ratio = 1.6
    if top(ratio) < min_top:
        lo, hi = 1.0, ratio
        for _ in range(50):
            mid = (lo + hi) / 2
            if top(mid) < min_top:
                hi = mid
            else:
                lo = mid
        ratio = lo
    w = [ratio ** i for i in range(n_layers)]
    tot = sum(w)
    sizes = [max(1, int(n_services * x / tot)) for x in w]
    i = n_layers - 1
    while sum(sizes) < n_services:
        sizes[i] += 1
        i = i - 1 if i > 0 else n_layers - 1
    while sum(sizes) > n_services:
        j = max(range(n_layers), key=lambda t: sizes[t])
        sizes[j] -= 1
    return sizes


def generate(a):
    rng = random.Random(a.seed)
    n = a.nodes
    n_j = a.journeys or max(1, min(200, n // 500))
    n_regions = max(1, round(n / 25000))
    n_zones = 3 * n_regions
    target_shared = round(a.shared_frac * n)
    rest = max(0, target_shared - n_zones - n_regions)
    n_db = max(1, round(0.3 * rest))
    n_extra_shared = rest - round(0.3 * rest)
    db_ha = [rng.random() < 0.7 for _ in range(n_db)]
    db_nodes = sum(3 if h else 1 for h in db_ha)

    budget = n - n_j - n_regions - n_zones - db_nodes
    if budget < 3:
        raise SystemExit("gen_mesh: --nodes too small for %d journeys and "
                         "%d databases" % (n_j, n_db))
    # Replicas per service, filling the budget exactly.
    reps = []
    while budget > 0:
        m = 1 if rng.random() < a.single_frac else rng.choice((2, 2, 3))
        cost = 1 if m == 1 else m + 2
        if cost > budget:
            m, cost = 1, 1
        reps.append(m)
        budget -= cost
    n_svc = len(reps)
    n_layers = a.layers or max(2, min(8, math.ceil(math.log(max(n_svc, 2)) / math.log(3))))
    sizes = layer_sizes(n_svc, n_layers, 3 * n_j)
    n_layers = len(sizes)
    r_db_gate = r_replica(n_layers - 1) + 1
    r_db_node = r_db_gate + 1
    r_zone = r_db_node + 1
    r_region = r_zone + 1

    g = Mesh()
    # Infrastructure first, so services can point at it.
    regions = [g.add("region-%d" % r, r_region,
                     [("name", "Region %d" % r)] +
                     failure_model(rng, a.dist_frac, 1e-5, 1e-4, 1.0, 4.0))
               for r in range(n_regions)]
    zones = []
    for r in range(n_regions):
        zr = []
        for z in "abc":
            v = g.add("zone-%d%s" % (r, z), r_zone,
                      [("name", "Availability zone %d%s" % (r, z))] +
                      failure_model(rng, a.dist_frac, 1e-5, 1e-4, 1.0, 4.0))
            g.edge(v, regions[r])
            zr.append(v)
        zones.append(zr)

    # Services are laid out by "domain position" x in [0, 1): within every
    # layer, service t of s sits at x = t / s, and calls go mostly to
    # services at about the same x. A journey thus owns a slice of the mesh
    # (its cone stays near nodes / journeys), and most sharing is local:
    # sibling services calling the same lower service, a database used by
    # one domain's services. A few platform services and databases are
    # used from anywhere; they are the cross-journey common causes.
    dbs = []
    db_x = []
    for d, ha in enumerate(db_ha):
        x0 = rng.random()
        reg = min(n_regions - 1, int(x0 * n_regions))
        word = rng.choice(WORDS)
        if ha:
            gate = g.add("db-%d" % d, r_db_gate,
                         [("name", "%s database %d" % (word, d)), ("requires", "any")])
            za, zb = rng.sample(zones[reg], 2)
            for role, z in (("primary", za), ("standby", zb)):
                v = g.add("db-%d-%s" % (d, role), r_db_node,
                          [("name", "%s database %d %s" % (word, d, role))] +
                          failure_model(rng, a.dist_frac))
                g.edge(gate, v)
                g.edge(v, z)
            dbs.append(gate)
        else:
            v = g.add("db-%d" % d, r_db_node,
                      [("name", "%s database %d" % (word, d))] +
                      failure_model(rng, a.dist_frac))
            g.edge(v, rng.choice(zones[reg]))
            dbs.append(v)
        db_x.append(x0)

    # Services, layer by layer. svc[i] is the node others depend on.
    starts = [0]
    for s in sizes:
        starts.append(starts[-1] + s)
    svc = []
    layer_of = []
    i = 0
    for layer, size in enumerate(sizes):
        for t in range(size):
            m = reps[i]
            word = WORDS[i % len(WORDS)]
            reg = min(n_regions - 1, int(t * n_regions / size))
            sid = "%s-%d" % (word, i)
            title = "%s service %d" % (word.capitalize(), i)
            if m == 1:
                v = g.add(sid, r_service(layer),
                          [("name", title)] + failure_model(rng, a.dist_frac))
                g.edge(v, rng.choice(zones[reg]))
            else:
                v = g.add(sid, r_service(layer), [("name", title)])
                req = "2" if m == 3 and rng.random() < 0.5 else "any"
                pool = g.add(sid + "-pool", r_pool(layer),
                             [("name", "%s replicas" % title), ("requires", req)])
                g.edge(v, pool)
                for k, z in enumerate(rng.sample(zones[reg], m)):
                    rv = g.add("%s-r%d" % (sid, k + 1), r_replica(layer),
                               [("name", "%s replica %d" % (title, k + 1))] +
                               failure_model(rng, a.dist_frac))
                    g.edge(pool, rv)
                    g.edge(rv, z)
            svc.append(v)
            layer_of.append(layer)
            i += 1
    callees = [set() for _ in range(n_svc)]

    def near(layer, x, spread):
        """Index of a service of `layer` at about position x."""
        s = sizes[layer]
        t = int(x * s + rng.uniform(-spread, spread))
        return starts[layer] + min(s - 1, max(0, t))

    # Spanning tree of calls: service t of layer l+1 is called by the
    # service of layer l at the same position, so every service below the
    # top has a caller and subtrees are contiguous.
    for l in range(1, n_layers):
        s_up, s_lo = sizes[l - 1], sizes[l]
        for t in range(s_lo):
            callees[starts[l - 1] + t * s_up // s_lo].add(starts[l] + t)
    # Shared services: extra callers from the layer above; nearby ones
    # mostly, anywhere for the platform services (bottom two layers).
    if n_layers > 1:
        lower = list(range(starts[1], n_svc))
        platform = list(range(starts[max(1, n_layers - 2)], n_svc))
        n_platform = round(0.1 * n_extra_shared)
        picks = rng.sample(lower, min(n_extra_shared - n_platform, len(lower)))
        picks += rng.sample(platform, min(n_platform, len(platform)))
        for s in picks:
            l = layer_of[s]
            x = (s - starts[l]) / sizes[l]
            want = rng.choice((1, 1, 2))
            for _ in range(8 * want):
                if want == 0:
                    break
                c = near(l - 1, x, 3.0)
                if s not in callees[c]:
                    callees[c].add(s)
                    want -= 1
    for c in range(n_svc):
        for s in sorted(callees[c]):
            g.edge(svc[c], svc[s])
    # Databases: each used by 2-4 services of its domain (one in ten from
    # anywhere: a platform database).
    for d, x0 in zip(dbs, db_x):
        users = set()
        anywhere = rng.random() < 0.1
        want = rng.choice((2, 3, 3, 4))
        for _ in range(8 * want):
            if len(users) >= want:
                break
            if anywhere:
                users.add(rng.randrange(n_svc))
            else:
                users.add(near(rng.randrange(n_layers), x0, 2.0))
        for c in sorted(users):
            g.edge(svc[c], d)

    # Journeys: journey j owns the top services at positions [j/J, (j+1)/J)
    # (at least one), and neighbours of them when it has fewer than 2-4.
    s0 = sizes[0]
    jdeps = [set() for _ in range(n_j)]
    for t in range(s0):
        jdeps[t * n_j // s0].add(t)
    for j in range(n_j):
        if not jdeps[j]:
            jdeps[j].add(j * s0 // n_j)
        want = min(s0, rng.randint(2, 4))
        x = (j + 0.5) / n_j
        while len(jdeps[j]) < want:
            jdeps[j].add(near(0, x, 2.0 + len(jdeps[j])))
    for j in range(n_j):
        v = g.add("journey-%d" % j, R_JOURNEY,
                  [("name", "Journey %d" % j), ("slo", rng.choice(SLOS))])
        for s in sorted(jdeps[j]):
            g.edge(v, svc[s])

    # A zone nobody runs in would be unreachable: move one replica there.
    indeg = [0] * len(g.ids)
    for u in range(len(g.ids)):
        for v in g.deps[u]:
            indeg[v] += 1
    for zr in zones:
        for z in zr:
            if indeg[z]:
                continue
            for u in range(len(g.ids)):
                d = g.deps[u]
                if len(d) == 1 and g.rank[d[0]] == r_zone and indeg[d[0]] > 1 \
                        and g.rank[u] != r_zone and d[0] in zr:
                    indeg[d[0]] -= 1
                    d[0] = z
                    indeg[z] += 1
                    break
    return g, n_j, n_layers, sizes, n_svc


def check(g, n_wanted):
    """Asserts the properties the generator promises."""
    n = len(g.ids)
    assert n == n_wanted, (n, n_wanted)
    assert len(set(g.ids)) == n, "duplicate node ids"
    for u in range(n):
        d = g.deps[u]
        assert len(set(d)) == len(d), "duplicate edge from %s" % g.ids[u]
        for v in d:
            assert g.rank[v] > g.rank[u], "edge %s -> %s goes up" % (g.ids[u], g.ids[v])
        if not d:
            assert any(k == "availability" for k, _ in g.attrs[u]), \
                "leaf %s without failure model" % g.ids[u]
    seen = bytearray(n)
    stack = [u for u in range(n) if g.rank[u] == R_JOURNEY]
    for u in stack:
        seen[u] = 1
    while stack:
        u = stack.pop()
        for v in g.deps[u]:
            if not seen[v]:
                seen[v] = 1
                stack.append(v)
    missing = [g.ids[u] for u in range(n) if not seen[u]]
    assert not missing, "unreachable from every journey: %s" % missing[:5]


KEYS = (("name", "string"), ("availability", "double"), ("mttr_h", "double"),
        ("failure_dist", "string"), ("failure_shape", "double"),
        ("repair_dist", "string"), ("repair_shape", "double"),
        ("requires", "string"), ("slo", "double"))


def write(g, out, a):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             # No double hyphen may appear inside an XML comment.
             "<!-- Generated by bench/gen_mesh.py: nodes=%d seed=%d "
             "shared-frac=%g journeys=%d layers=%d single-frac=%g "
             "dist-frac=%g%s -->" % (a.nodes, a.seed, a.shared_frac,
                                   a.journeys, a.layers, a.single_frac,
                                   a.dist_frac, " field" if a.field else ""),
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    for k, t in KEYS:
        lines.append('  <key id="%s" for="node" attr.name="%s" attr.type="%s"/>'
                     % (k, k, t))
    lines.append('  <key id="window_days" for="graph" attr.name="window_days" '
                 'attr.type="double"/>')
    lines.append('  <graph id="mesh" edgedefault="directed">')
    lines.append('    <data key="window_days">30</data>')
    ids = g.ids
    for u in range(len(ids)):
        lines.append('    <node id="%s">%s</node>' % (ids[u], "".join(
            '<data key="%s">%s</data>' % kv for kv in g.attrs[u])))
    for u in range(len(ids)):
        su = ids[u]
        for v in g.deps[u]:
            lines.append('    <edge source="%s" target="%s"/>' % (su, ids[v]))
    lines.append("  </graph>")
    lines.append("</graphml>")
    text = "\n".join(lines) + "\n"
    if out == "-":
        sys.stdout.write(text)
    else:
        with open(out, "w", encoding="utf-8") as f:
            f.write(text)


def main(argv):
    a = parse_args(argv)
    # Millions of small objects and no cycles: the cyclic collector would
    # only rescan them over and over.
    gc.disable()
    FIELD[0] = a.field
    t0 = time.perf_counter()
    g, n_j, n_layers, sizes, n_svc = generate(a)
    check(g, a.nodes)
    write(g, a.output, a)
    dt = time.perf_counter() - t0
    n = len(g.ids)
    indeg = [0] * n
    n_edges = 0
    for d in g.deps:
        n_edges += len(d)
        for v in d:
            indeg[v] += 1
    shared = sum(1 for x in indeg if x > 1)
    failed = sum(1.0 - float(v) for at in g.attrs for k, v in at
                 if k == "availability")
    sys.stderr.write("gen_mesh: %d nodes, %d edges, %d journeys, %d services "
                     "in %d layers %s, %d shared (%.1f%%), %.3g failed nodes "
                     "per scenario, %.2f s\n"
                     % (n, n_edges, n_j, n_svc, n_layers, sizes, shared,
                        100.0 * shared / n, failed, dt))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
