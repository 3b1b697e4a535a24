#!/usr/bin/env python3
"""ft_oracle.py - an independent exact oracle for nines' exact evaluator
(issue 16), Debian python3 only: rational arithmetic (fractions.Fraction)
over a small reduced ordered BDD written here, on generated fault-tree-like
models (AND / OR / k-of-n gates, repeated events, gates with their own
failure, top-event probabilities from about 1e-1 to 1e-13).

    ft_oracle.py NINES TMPDIR [N_MODELS] [--force]

Writes each model as GraphML into TMPDIR, runs `NINES run MODEL --json -`
and compares every journey's exact_unavailability with the oracle's,
exactly rounded, to 1e-12 relative. Prints one line per model and exits
1 on any mismatch (or a model without an exact value). The semantics are
read from SPEC.md: a node is up when it is up on its own (probability
availability, a double parsed from the GraphML text) and its `requires`
holds - all (default): every dependency up; any: one; k: at least k.

With --force the models are generate_force's: fault trees whose decision
diagram exceeds nines' budget in its depth-first variable order but fits
in the FORCE order, which nines retries with; each journey's exact_note
must say "FORCE order" besides matching the oracle.
"""
import json
import random
import subprocess
import sys
import xml.etree.ElementTree as ET
from fractions import Fraction

NS = '{http://graphml.graphdrawing.org/xmlns}'


# ---- a reduced ordered BDD over failure variables ----

class BDD:
    """Nodes are integers: 0 (false), 1 (true), else index into a table of
    (var, low, high); variables ordered by their integer."""

    def __init__(self):
        self.node = [None, None]
        self.unique = {}
        self.memo = {}

    def mk(self, v, lo, hi):
        if lo == hi:
            return lo
        key = (v, lo, hi)
        n = self.unique.get(key)
        if n is None:
            n = len(self.node)
            self.node.append(key)
            self.unique[key] = n
        return n

    def var(self, v):
        return self.mk(v, 0, 1)

    def top(self, f):
        return self.node[f][0] if f > 1 else float('inf')

    def cof(self, f, v, b):
        if f > 1 and self.node[f][0] == v:
            return self.node[f][2] if b else self.node[f][1]
        return f

    def ite(self, f, g, h):
        if f == 1:
            return g
        if f == 0:
            return h
        if g == h:
            return g
        if g == 1 and h == 0:
            return f
        key = (f, g, h)
        r = self.memo.get(key)
        if r is not None:
            return r
        v = min(self.top(f), self.top(g), self.top(h))
        lo = self.ite(self.cof(f, v, 0), self.cof(g, v, 0), self.cof(h, v, 0))
        hi = self.ite(self.cof(f, v, 1), self.cof(g, v, 1), self.cof(h, v, 1))
        r = self.mk(v, lo, hi)
        self.memo[key] = r
        return r

    def OR(self, f, g):
        return self.ite(f, 1, g)

    def AND(self, f, g):
        return self.ite(f, g, 0)

    def atleast(self, fs, k):
        """At least k of the functions fs are true (threshold recurrence)."""
        if k <= 0:
            return 1
        if k > len(fs):
            return 0
        # h[i] = at least i of those seen so far
        h = [1] + [0] * k
        for f in fs:
            for i in range(k, 0, -1):
                h[i] = self.ite(f, h[i - 1], h[i])
        return h[k]

    def prob(self, f, q):
        """P(f) with variable v true (failed) with probability q[v]."""
        cache = {0: Fraction(0), 1: Fraction(1)}

        def p(n):
            r = cache.get(n)
            if r is None:
                v, lo, hi = self.node[n]
                r = q[v] * p(hi) + (1 - q[v]) * p(lo)
                cache[n] = r
            return r
        sys.setrecursionlimit(100000)
        return p(f)


# ---- the model ----

def load(path):
    """(nodes in file order, deps per node, availability per node, journeys)"""
    root = ET.parse(path).getroot()
    keys = {k.get('id'): k.get('attr.name') for k in root.iter(NS + 'key')}
    g = root.find(NS + 'graph')
    order, attrs, deps = [], {}, {}
    for n in g.iter(NS + 'node'):
        i = n.get('id')
        order.append(i)
        attrs[i] = {keys[d.get('key')]: (d.text or '').strip() for d in n.iter(NS + 'data')}
        deps[i] = []
    for e in g.iter(NS + 'edge'):
        deps[e.get('source')].append(e.get('target'))
    journeys = [i for i in order if 'slo' in attrs[i]]
    return order, attrs, deps, journeys


def oracle(path):
    """Exact unavailability (a Fraction) of each journey, by name."""
    order, attrs, deps, journeys = load(path)
    bdd = BDD()
    var_of, q = {}, []
    for i in order:   # a variable per node that can fail on its own
        a = attrs[i].get('availability')
        if a is not None and Fraction(float(a)) < 1:
            var_of[i] = len(q)
            q.append(1 - Fraction(float(a)))
    down = {}

    def f(i):   # the function "node i is down"
        if i in down:
            return down[i]
        ds = [f(d) for d in deps[i]]
        req = attrs[i].get('requires', 'all')
        if not ds:
            r = 0
        elif req == 'all':
            r = 0
            for x in ds:
                r = bdd.OR(r, x)
        elif req == 'any':
            r = 1
            for x in ds:
                r = bdd.AND(r, x)
        else:   # up when at least k up: down when n - k + 1 down
            r = bdd.atleast(ds, len(ds) - int(req) + 1)
        if i in var_of:
            r = bdd.OR(bdd.var(var_of[i]), r)
        down[i] = r
        return r
    return {j: bdd.prob(f(j), q) for j in journeys}


# ---- generated models ----

def graphml_head():
    """The GraphML preamble both generators start from."""
    return ['<?xml version="1.0"?>',
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
            '<key id="a" for="node" attr.name="availability" attr.type="double"/>',
            '<key id="r" for="node" attr.name="requires" attr.type="string"/>',
            '<key id="s" for="node" attr.name="slo" attr.type="double"/>',
            '<graph edgedefault="directed">']


def generate(seed, path):
    """A fault-tree-like model: nb events, ng gates over events and
    earlier gates (repeated events), some gates failing on their own, and
    the journey over the last gates. The seed picks the scale, so the top
    events span 1e-1 to 1e-13."""
    rnd = random.Random(seed)
    nb = rnd.randint(6, 22)
    ng = rnd.randint(3, 12)
    qexp = rnd.uniform(1, 6)        # events near 10^-qexp
    out = graphml_head()
    for i in range(nb):
        q = 10 ** -rnd.uniform(qexp - 0.5, qexp + 0.5)
        out.append('<node id="e%d"><data key="a">%.17g</data></node>' % (i, 1 - q))
    edges, gates = [], []
    for g in range(ng):
        reads = ['e%d' % rnd.randrange(nb) for _ in range(rnd.randint(2, 4))]
        if gates and rnd.random() < 0.6:
            reads += [rnd.choice(gates) for _ in range(rnd.randint(1, 2))]
        reads = list(dict.fromkeys(reads))
        kind = rnd.choice(['all', 'any', 'any', 'vote'])
        req = kind if kind != 'vote' else str(rnd.randint(1, len(reads)))
        own = ''
        if rnd.random() < 0.2:
            own = '<data key="a">%.17g</data>' % (1 - 10 ** -rnd.uniform(qexp, qexp + 2))
        out.append('<node id="g%d"><data key="r">%s</data>%s</node>' % (g, req, own))
        edges += [('g%d' % g, d) for d in reads]
        gates.append('g%d' % g)
    top_req = rnd.choice(['all', 'any'])
    out.append('<node id="top"><data key="r">%s</data><data key="s">0.999</data></node>'
               % top_req)
    edges += [('top', g) for g in gates[-rnd.randint(1, 3):]]
    out += ['<edge source="%s" target="%s"/>' % e for e in edges]
    out += ['</graph>', '</graphml>']
    with open(path, 'w') as fh:
        fh.write('\n'.join(out) + '\n')


def generate_force(seed, path, pairs=24):
    """A fault tree nines' depth-first order cannot fit (issue 16): the
    gadget of tests/support/builder.h's bld_bad_order - a pool X over
    every x_i (down when all are down), smaller and so visited before a
    series gate P over pools p_i = (x_i AND y_i failed), 2^pairs nodes
    depth-first, a few hundred under FORCE - beside a random fault tree
    (generate's AND / OR / vote gates over repeated events, some also
    reading x_i), all under the journey. Events in file order x_0, y_0,
    x_1, ..., which is an order the oracle's own diagram stays small in."""
    rnd = random.Random(1000 + seed)
    nb = rnd.randint(6, 14)
    ng = rnd.randint(3, 8)
    qexp = rnd.uniform(1, 4)
    out = graphml_head()
    edges = []
    for i in range(pairs):
        for v in 'xy':
            q = 10 ** -rnd.uniform(qexp - 0.5, qexp + 0.5)
            out.append('<node id="%s%d"><data key="a">%.17g</data></node>' % (v, i, 1 - q))
        out.append('<node id="p%d"><data key="r">any</data></node>' % i)
        edges += [('p%d' % i, 'x%d' % i), ('p%d' % i, 'y%d' % i), ('P', 'p%d' % i),
                  ('X', 'x%d' % i)]
    out.append('<node id="X"><data key="r">any</data></node><node id="P"/>')
    for i in range(nb):
        q = 10 ** -rnd.uniform(qexp - 0.5, qexp + 0.5)
        out.append('<node id="e%d"><data key="a">%.17g</data></node>' % (i, 1 - q))
    gates = []
    for g in range(ng):
        reads = ['e%d' % rnd.randrange(nb) for _ in range(rnd.randint(2, 4))]
        if rnd.random() < 0.5:
            reads.append('x%d' % rnd.randrange(pairs))
        if gates and rnd.random() < 0.6:
            reads += [rnd.choice(gates) for _ in range(rnd.randint(1, 2))]
        reads = list(dict.fromkeys(reads))
        kind = rnd.choice(['all', 'any', 'any', 'vote'])
        req = kind if kind != 'vote' else str(rnd.randint(1, len(reads)))
        out.append('<node id="g%d"><data key="r">%s</data></node>' % (g, req))
        edges += [('g%d' % g, d) for d in reads]
        gates.append('g%d' % g)
    out.append('<node id="top"><data key="s">0.999</data></node>')
    edges += [('top', 'X'), ('top', 'P')] + [('top', g) for g in gates[-rnd.randint(1, 2):]]
    out += ['<edge source="%s" target="%s"/>' % e for e in edges]
    out += ['</graph>', '</graphml>']
    with open(path, 'w') as fh:
        fh.write('\n'.join(out) + '\n')


def main(argv):
    force = '--force' in argv
    argv = [a for a in argv if a != '--force']
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__)
        return 2
    nines, tmp = argv[1], argv[2]
    n_models = int(argv[3]) if len(argv) == 4 else 40
    fails, lo, hi = 0, 1.0, 0.0
    for seed in range(1, n_models + 1):
        path = '%s/oracle-%d.graphml' % (tmp, seed)
        (generate_force if force else generate)(seed, path)
        want = oracle(path)
        out = subprocess.run([nines, 'run', path, '--json', '-', '--scenarios', '1000',
                              '--windows', '0', '--no-constraints', '--threads', '1'],
                             capture_output=True, text=True)
        if out.returncode != 0:
            print('  FAIL model %d: nines exited %d: %s' % (seed, out.returncode,
                                                          out.stderr.strip()))
            fails += 1
            continue
        for jr in json.loads(out.stdout)['journeys']:
            w = want[jr['id']]
            got = jr.get('exact_unavailability')
            if got is None:
                print('  FAIL model %d: no exact value (%s)' % (seed, jr.get('exact_note')))
                fails += 1
                continue
            if force and 'FORCE order' not in (jr.get('exact_note') or ''):
                print('  FAIL model %d: exact_note does not say FORCE order (%s)'
                      % (seed, jr.get('exact_note')))
                fails += 1
                continue
            rel = abs(Fraction(got) - w) / w if w else abs(Fraction(got))
            lo, hi = min(lo, float(w)), max(hi, float(w))
            good = rel <= Fraction(1, 10 ** 12)
            print('  %s model %d: oracle %.17g nines %.17g relative error %.2g'
                  % ('ok  ' if good else 'FAIL', seed, float(w), got, float(rel)))
            fails += not good
    print('top events from %.3g to %.3g; %d failure(s)' % (lo, hi, fails))
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
