#!/usr/bin/env python3
"""add_evidence.py IN OUT [--every K] - copies a GraphML model (bench/gen_mesh.py
output) and gives every K-th node that has an `availability` the evidence
attributes of SPEC section 8 (incidents, downtime_h, observed_h) that
match it: six months observed, incidents and downtime chosen so that the
central value is close to the node's availability. For bench/review.sh."""
import re
import sys


def main():
    args = sys.argv[1:]
    every = 10
    if "--every" in args:
        i = args.index("--every")
        every = int(args[i + 1])
        del args[i:i + 2]
    src, dst = args
    text = open(src, encoding="utf-8").read()
    keys = ('  <key id="incidents" for="node" attr.name="incidents" attr.type="int"/>\n'
            '  <key id="downtime_h" for="node" attr.name="downtime_h" attr.type="double"/>\n'
            '  <key id="observed_h" for="node" attr.name="observed_h" attr.type="double"/>\n')
    text = text.replace("  <graph ", keys + "  <graph ", 1)
    count = [0]

    def repl(m):
        count[0] += 1
        if count[0] % every:
            return m.group(0)
        a = float(m.group(2))
        observed = 4380.0
        down = max((1 - a) * observed, 0.05)
        k = max(1, round(down / 1.5))
        ev = ('<data key="incidents">%d</data><data key="downtime_h">%.4f</data>'
              '<data key="observed_h">%.1f</data>' % (k, down, observed))
        # The evidence replaces the availability and repair time.
        body = re.sub(r'<data key="(availability|mttr_h)">[^<]*</data>', "", m.group(0))
        return body.replace("</node>", ev + "</node>")

    text = re.sub(r'<node id="([^"]+)">(?:(?!</node>).)*?<data key="availability">([^<]+)</data>.*?</node>',
                  lambda m: repl(m), text, flags=re.S)
    open(dst, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
