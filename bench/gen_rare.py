#!/usr/bin/env python3
"""gen_rare.py - fault trees with a rare top event, as nines GraphML, for
the rare-event estimator (bench/README.md, tests/cli/rare.sh).

    gen_rare.py NB NG SEED QLO QHI [VOTE [WIDTH]] > model.graphml

NB basic events, unavailability 10^U(QLO, QHI) (e.g. -4 -3). NG
redundancy gates, each an AND of failures (requires any) or, with
probability VOTE (default 0.3), a 2-of-3 vote, over 2 or 3 "OR" gates
(requires all) of 2 to 4 events drawn at random from the NB, distinct
within a redundancy gate (events are repeated across gates). The journey "top" (slo 0.999999) is an OR
of failures (requires all) over the NG redundancy gates: its minimal
cut sets have order 2 or 3. WIDTH > 0 makes every AND gate read WIDTH OR
gates (cut sets of order WIDTH: with VOTE 0 and WIDTH 4, unavailability
1e-12 comes from events near 1e-3, where sampling stratified on the
number of failures no longer helps). Same arguments, same model. Standard
library only.
"""
import random
import sys


def main(argv):
    if len(argv) not in (6, 7, 8):
        sys.stderr.write(__doc__)
        return 2
    nb, ng, seed = int(argv[1]), int(argv[2]), int(argv[3])
    qlo, qhi = float(argv[4]), float(argv[5])
    vote = float(argv[6]) if len(argv) >= 7 else 0.3
    fixed = int(argv[7]) if len(argv) == 8 else 0
    rnd = random.Random(seed)
    out = ['<?xml version="1.0"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
           '<key id="a" for="node" attr.name="availability" attr.type="double"/>',
           '<key id="r" for="node" attr.name="requires" attr.type="string"/>',
           '<key id="s" for="node" attr.name="slo" attr.type="double"/>',
           '<graph edgedefault="directed">']
    for i in range(nb):
        q = 10 ** rnd.uniform(qlo, qhi)
        out.append('<node id="e%d"><data key="a">%.17g</data></node>' % (i, 1 - q))
    edges, top, no = [], [], 0
    for g in range(ng):
        is_vote = rnd.random() < vote
        width = 3 if is_vote else rnd.randint(2, 3)
        if fixed and not is_vote:
            width = fixed
        subs, pool = [], rnd.sample(range(nb), min(nb, 4 * width))
        for _ in range(width):
            o = 'o%d' % no
            no += 1
            out.append('<node id="%s"><data key="r">all</data></node>' % o)
            evs = ['e%d' % pool.pop() for _ in range(min(len(pool), rnd.randint(2, 4)))]
            edges += [(o, e) for e in evs]
            subs.append(o)
        out.append('<node id="g%d"><data key="r">%s</data></node>'
                   % (g, '2' if is_vote else 'any'))
        edges += [('g%d' % g, o) for o in subs]
        top.append('g%d' % g)
    out.append('<node id="top"><data key="s">0.999999</data></node>')
    edges += [('top', g) for g in top]
    out += ['<edge source="%s" target="%s"/>' % e for e in edges]
    out += ['</graph>', '</graphml>']
    print('\n'.join(out))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
