#!/usr/bin/env python3
"""Compares the pronoun referents of two `chronicler extract` runs over the
same documents and prints a random sample of the pronouns whose referent
changed, with the text before each, for reading by hand.

    chronicler-old extract DIR > old.jsonl
    chronicler extract DIR > new.jsonl
    python3 scripts/actors/pronoun_diff.py old.jsonl new.jsonl [SEED] [N]

A pronoun is a mention of a person actor spelt he/him/his/she/her/hers."""
import json
import random
import sys

PRONOUNS = {"he", "him", "his", "she", "her", "hers"}


def load(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        if "actors" not in d:
            continue
        refs = {}
        for a in d["actors"]:
            for m in a.get("mentions", []):
                if d["text"][m["start"]:m["end"]].lower() in PRONOUNS:
                    refs[m["start"]] = a["name"]
        out[d["id"]] = (refs, d["text"])
    return out


def main():
    old, new = load(sys.argv[1]), load(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 25
    diffs = []
    for doc, (ro, text) in old.items():
        rn = new.get(doc, ({}, text))[0]
        for s in sorted(set(ro) | set(rn)):
            if ro.get(s) != rn.get(s):
                diffs.append((s, ro.get(s), rn.get(s), text))
    print(f"{len(diffs)} pronouns changed; resolved: old "
          f"{sum(len(v[0]) for v in old.values())}, new {sum(len(v[0]) for v in new.values())}")
    random.seed(seed)
    for s, a, b, text in random.sample(diffs, min(n, len(diffs))):
        before = text[max(0, s - 300):s].replace("\n", " / ")
        word = text[s:].split()[0] if text[s:].split() else ""
        print(f"--- OLD={a} NEW={b}\n   ...{before}[[{word}]]{text[s + len(word):s + len(word) + 60]}")


if __name__ == "__main__":
    main()
