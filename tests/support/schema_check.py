#!/usr/bin/env python3
"""tests/support/schema_check.py - checks JSON or YAML documents against a
JSON Schema (draft 2020-12 / draft-07 subset that docs/schema/ uses), for
`make check` on machines without python3-jsonschema.

    python3 tests/support/schema_check.py SCHEMA FILE...   (exit 1 on the first error)

FILE ending in .yaml/.yml is read with python3-yaml (every document of
it), else as JSON. The keywords understood: type (a name or a list;
"integer" is a whole number), enum, const, required, properties,
additionalProperties (bool or schema), items, minItems, maxItems,
minimum, maximum, exclusiveMinimum, exclusiveMaximum, pattern,
minLength, maxLength, $ref (#/$defs/x or #/definitions/x), allOf,
anyOf, oneOf. An unknown keyword is an error, so a schema cannot use one
this checker would silently skip."""
import json
import re
import sys

KNOWN = {"$schema", "$id", "$ref", "$defs", "definitions", "title", "description",
         "type", "enum", "const", "required", "properties", "additionalProperties",
         "items", "minItems", "maxItems", "minimum", "maximum", "exclusiveMinimum",
         "exclusiveMaximum", "pattern", "minLength", "maxLength", "allOf", "anyOf",
         "oneOf", "examples", "$comment"}


def type_ok(v, t):
    if t == "null":
        return v is None
    if t == "boolean":
        return isinstance(v, bool)
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool) or \
            (isinstance(v, float) and v.is_integer())
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "string":
        return isinstance(v, str)
    if t == "array":
        return isinstance(v, list)
    if t == "object":
        return isinstance(v, dict)
    raise ValueError("unknown type " + t)


def check(v, s, root, path):
    """Yields the errors of v against schema s."""
    if s is True or s == {}:
        return
    if s is False:
        yield path + ": not allowed"
        return
    unknown = set(s) - KNOWN
    if unknown:
        raise ValueError("schema keyword(s) this checker does not know: %s" % sorted(unknown))
    if "$ref" in s:
        ref = s["$ref"]
        assert ref.startswith("#/"), ref
        target = root
        for part in ref[2:].split("/"):
            target = target[part]
        yield from check(v, target, root, path)
    if "type" in s:
        types = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(type_ok(v, t) for t in types):
            yield "%s: %r is not of type %s" % (path, v, "/".join(types))
            return
    if "enum" in s and v not in s["enum"]:
        yield "%s: %r is not one of %r" % (path, v, s["enum"])
    if "const" in s and v != s["const"]:
        yield "%s: %r is not %r" % (path, v, s["const"])
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if "minimum" in s and v < s["minimum"]:
            yield "%s: %r < minimum %r" % (path, v, s["minimum"])
        if "maximum" in s and v > s["maximum"]:
            yield "%s: %r > maximum %r" % (path, v, s["maximum"])
        if "exclusiveMinimum" in s and v <= s["exclusiveMinimum"]:
            yield "%s: %r <= exclusiveMinimum %r" % (path, v, s["exclusiveMinimum"])
        if "exclusiveMaximum" in s and v >= s["exclusiveMaximum"]:
            yield "%s: %r >= exclusiveMaximum %r" % (path, v, s["exclusiveMaximum"])
    if isinstance(v, str):
        if "pattern" in s and not re.search(s["pattern"], v):
            yield "%s: %r does not match %s" % (path, v, s["pattern"])
        if "minLength" in s and len(v) < s["minLength"]:
            yield "%s: shorter than %d" % (path, s["minLength"])
        if "maxLength" in s and len(v) > s["maxLength"]:
            yield "%s: longer than %d" % (path, s["maxLength"])
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v:
                yield "%s: missing %r" % (path, k)
        props = s.get("properties", {})
        for k, x in v.items():
            if k in props:
                yield from check(x, props[k], root, "%s.%s" % (path, k))
            elif "additionalProperties" in s:
                yield from check(x, s["additionalProperties"], root, "%s.%s" % (path, k))
    if isinstance(v, list):
        if "minItems" in s and len(v) < s["minItems"]:
            yield "%s: fewer than %d items" % (path, s["minItems"])
        if "maxItems" in s and len(v) > s["maxItems"]:
            yield "%s: more than %d items" % (path, s["maxItems"])
        if "items" in s:
            for i, x in enumerate(v):
                yield from check(x, s["items"], root, "%s[%d]" % (path, i))
    for sub in s.get("allOf", []):
        yield from check(v, sub, root, path)
    if "anyOf" in s and not any(not list(check(v, sub, root, path)) for sub in s["anyOf"]):
        yield "%s: matches none of anyOf" % path
    if "oneOf" in s:
        n = sum(1 for sub in s["oneOf"] if not list(check(v, sub, root, path)))
        if n != 1:
            yield "%s: matches %d of oneOf, not exactly 1" % (path, n)


def load(path):
    with open(path, encoding="utf-8") as f:
        if path.endswith((".yaml", ".yml")):
            import yaml
            return [d for d in yaml.safe_load_all(f) if d is not None]
        return [json.load(f)]


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: schema_check.py SCHEMA FILE...")
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    bad = 0
    for path in sys.argv[2:]:
        for i, doc in enumerate(load(path)):
            for e in check(doc, schema, schema, "$"):
                print("%s (document %d): %s" % (path, i + 1, e))
                bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
