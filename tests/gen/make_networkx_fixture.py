#!/usr/bin/python3
"""Writes tests/data/shop-networkx.graphml with NetworkX's write_graphml.

The model is the one tests/data/shop-hand.graphml and shop-yed.graphml
describe (tests/test_graph.c checks that all three load to the same model):

    web (journey, slo 0.999) -> gateway (requires any) -> api-a, api-b -> db
    web -> payments (third party, fixed)
    web -> search (requires 2) -> idx-1, idx-2, idx-3
    admin (journey, slo 0.99) -> db          db is shared by three nodes

NetworkX picks its own key ids (d0, d1, ...), writes `requires` under two
keys (one string-typed, one long-typed) because the values mix 'any' and 2,
and writes the node defaults as <default> of the keys. Run it with the
system interpreter from the repository root:

    /usr/bin/python3 tests/gen/make_networkx_fixture.py
"""
import os
import sys

import networkx as nx


def build():
    g = nx.DiGraph()
    g.graph["window_days"] = 28
    g.graph["tiers"] = "gold:0.9999,silver:0.999,bronze:0.99"
    # Nodes without repair_dist/repair_shape take these key defaults.
    g.graph["node_default"] = {"repair_dist": "lognormal", "repair_shape": 0.5}

    g.add_node("web", name="Web Frontend", slo=0.999, availability=0.9995,
               requires="all")
    g.add_node("gateway", requires="any")
    g.add_node("api-a", mttf_h=2000.0, mttr_h=1.0, failure_dist="weibull",
               failure_shape=1.5, repair_dist="lognormal", repair_shape=0.8)
    g.add_node("api-b", availability=0.999)
    g.add_node("db", name="Primary DB", mttf_h=8760.0, mttr_h=4.0,
               repair_dist="fixed")
    g.add_node("payments", name="Payments (third party)", availability=0.997,
               fixed=True)
    g.add_node("search", requires=2)
    for i in (1, 2, 3):
        g.add_node("idx-%d" % i, availability=0.99)
    g.add_node("admin", slo=0.99)

    g.add_edges_from([
        ("web", "gateway"), ("web", "payments"), ("web", "search"),
        ("gateway", "api-a"), ("gateway", "api-b"),
        ("api-a", "db"), ("api-b", "db"),
        ("search", "idx-1"), ("search", "idx-2"), ("search", "idx-3"),
        ("admin", "db"),
    ])
    return g


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(root, "data", "shop-networkx.graphml")
    nx.write_graphml(build(), out)


if __name__ == "__main__":
    main()
