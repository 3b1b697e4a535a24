#!/usr/bin/python3
"""Generate a large random layered DAG as GraphML, for load-time tests.

Unlike gen_mesh.py (a realistic service mesh), this is a plain stress
shape with an exact edge count: NODES nodes in LAYERS layers; every node
outside the last layer is a gate with FANOUT distinct dependencies drawn
from the next layer (any/all/2-of-n mixed), so there are about
NODES * FANOUT edges; the first layer's nodes are journeys with an slo.
Fixed seed, standard library only.

    /usr/bin/python3 bench/gen_dag.py --nodes 300000 --fanout 3 -o big.graphml
"""
import argparse
import random
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, required=True)
    ap.add_argument("--fanout", type=int, default=3)
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--journeys", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    n, L = a.nodes, a.layers
    # Layer sizes grow geometrically; the first holds the journeys.
    w = [2.0 ** i for i in range(L - 1)]
    rest = n - a.journeys
    sizes = [a.journeys] + [max(a.fanout, int(rest * x / sum(w))) for x in w]
    sizes[-1] += n - sum(sizes)
    start = [sum(sizes[:i]) for i in range(L)]
    out = open(a.output, "w") if a.output != "-" else sys.stdout
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
              '<key id="a" for="node" attr.name="availability" attr.type="double"/>\n'
              '<key id="r" for="node" attr.name="requires" attr.type="string"/>\n'
              '<key id="s" for="node" attr.name="slo" attr.type="double"/>\n'
              
              '<graph edgedefault="directed">\n')
    edges = 0
    for layer in range(L):
        for i in range(sizes[layer]):
            v = start[layer] + i
            if layer == L - 1:
                out.write('<node id="n%d"><data key="a">%.6f</data></node>\n'
                          % (v, 1 - 10 ** rng.uniform(-5, -3)))
                continue
            req = rng.choice(["all", "any", "2"])
            extra = '<data key="s">0.99</data>' if layer == 0 else ""
            out.write('<node id="n%d"><data key="r">%s</data>%s</node>\n' % (v, req, extra))
            for d in rng.sample(range(sizes[layer + 1]), a.fanout):
                out.write('<edge source="n%d" target="n%d"/>\n' % (v, start[layer + 1] + d))
                edges += 1
    out.write("</graph>\n</graphml>\n")
    out.close()
    print("gen_dag: %d nodes, %d edges, %d layers %s" % (n, edges, L, sizes), file=sys.stderr)


if __name__ == "__main__":
    main()
