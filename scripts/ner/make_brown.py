#!/usr/bin/env python3
"""Make the Brown-cluster and word-frequency table of the NER tagger from the
MIT-licensed lexeme tables of spaCy's `spacy-lookups-data` package (PyPI).

Input: the wheel (a zip) fetched with
    pip download spacy-lookups-data==1.0.5 --no-deps -d /tmp/slkd
It holds `spacy_lookups_data/data/en_lexeme_cluster.json.gz` (word -> Brown
cluster of 1,000 clusters, as an integer whose bits, least significant first,
are the path from the root of the cluster tree; 0 = no cluster; trailing 0
steps of a path are not recoverable, which does not change any path prefix) and
`en_lexeme_prob.json.gz` (word -> natural-log unigram probability).

Output (no header, sorted by word, deterministic: same wheel -> same bytes):
  data/ner/brown.tsv   word<TAB>path<TAB>logprob
where `path` is the cluster path as 0/1 characters, root first, and `logprob`
has one decimal. Only words with a cluster (190,129 of the 1,000,001 keys) are
kept; a word is kept as written (cased forms are distinct entries).

Usage: python3 scripts/ner/make_brown.py WHEEL [--out data/ner/brown.tsv]
"""
import argparse
import gzip
import io
import json
import zipfile


def load(z: zipfile.ZipFile, name: str):
    with z.open(f"spacy_lookups_data/data/{name}") as f:
        return json.load(gzip.open(io.BytesIO(f.read())))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("wheel")
    ap.add_argument("--out", default="data/ner/brown.tsv")
    a = ap.parse_args()
    with zipfile.ZipFile(a.wheel) as z:
        clusters = load(z, "en_lexeme_cluster.json.gz")
        probs = load(z, "en_lexeme_prob.json.gz")
    rows = []
    for w, c in clusters.items():
        if not c or not w or len(w) > 40 or any(ch in w for ch in "\t\n\r"):
            continue
        path = "".join("1" if c >> i & 1 else "0" for i in range(c.bit_length()))
        p = probs.get(w, -20.5)
        rows.append((w, path, f"{p:.1f}"))
    rows.sort()
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"{a.out}: {len(rows)} words")


if __name__ == "__main__":
    main()
