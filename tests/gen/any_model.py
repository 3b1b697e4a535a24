"""tests/gen/any_model.py FILE N - writes a GraphML model whose one journey
requires any of N members at availability 0.99 (issue 20's prompt-stop
reproducer: a block of 16,384 scenarios draws about 164 N failures)."""
import sys

n = int(sys.argv[2])
out = ['<graphml><key id="a" for="node" attr.name="availability"/><key id="s" for="node" attr.name="slo"/>'
       '<key id="q" for="node" attr.name="requires"/><graph edgedefault="directed">'
       '<node id="j"><data key="s">0.999</data><data key="q">any</data></node>']
out += ['<node id="m%d"><data key="a">0.99</data></node><edge source="j" target="m%d"/>' % (i, i)
        for i in range(n)]
out.append('</graph></graphml>')
with open(sys.argv[1], "w") as f:
    f.write("\n".join(out))
