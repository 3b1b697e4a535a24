#!/usr/bin/env python3
"""gen_ft.py - fault-tree-like models as nines GraphML, for bench/exact_speed.

    gen_ft.py NB NG SEED NTOP > model.graphml

NB basic events (unavailability 10^U(-5,-2)) and NG gates. Each gate reads
2 to 5 basic events drawn at random (so each event is repeated, read by
about NG * 3.5 / NB gates) and, with probability 0.7, one or two earlier
gates. A gate is an OR of failures (requires all, half of the gates), an AND
of failures (requires any) or a vote (requires n - 1 of n). The journey
"top" (slo 0.999) reads the last NTOP gates. Same SEED, same model.
Standard library only.
"""
import random
import sys


def main(argv):
    if len(argv) != 5:
        sys.stderr.write(__doc__)
        return 2
    nb, ng, seed, ntop = (int(a) for a in argv[1:])
    rnd = random.Random(seed)
    out = ['<?xml version="1.0"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
           '<key id="a" for="node" attr.name="availability" attr.type="double"/>',
           '<key id="r" for="node" attr.name="requires" attr.type="string"/>',
           '<key id="s" for="node" attr.name="slo" attr.type="double"/>',
           '<graph edgedefault="directed">']
    for i in range(nb):
        q = 10 ** rnd.uniform(-5, -2)
        out.append('<node id="e%d"><data key="a">%.17g</data></node>' % (i, 1 - q))
    edges, gates = [], []
    for g in range(ng):
        kind = rnd.choice(['all', 'all', 'any', 'vote'])
        reads = ['e%d' % rnd.randrange(nb) for _ in range(rnd.randint(2, 5))]
        if gates and rnd.random() < 0.7:
            for _ in range(rnd.randint(1, 2)):
                reads.append(rnd.choice(gates))
        reads = list(dict.fromkeys(reads))     # a gate reads a node once
        req = {'all': 'all', 'any': 'any'}.get(kind, str(max(1, len(reads) - 1)))
        out.append('<node id="g%d"><data key="r">%s</data></node>' % (g, req))
        edges += [('g%d' % g, d) for d in reads]
        gates.append('g%d' % g)
    out.append('<node id="top"><data key="s">0.999</data></node>')
    edges += [('top', g) for g in gates[-ntop:]]
    out += ['<edge source="%s" target="%s"/>' % e for e in edges]
    out += ['</graph>', '</graphml>']
    print('\n'.join(out))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
