#!/usr/bin/env python3
"""Writes a copy of a CoNLL-2003 file in which person names carry honorifics.

Usage: honorific_testset.py IN OUT [--titles]

Every person name of one to three words whose previous word is not
capitalised gets "Mr." before it and keeps only its last word ("Bill
Clinton" -> "Mr. Clinton"), as US news writes names after the first
mention; with --titles it instead gets "Sen." and keeps every word. Other
words and labels are unchanged. Scoring a tagger on both the original and
this copy (`chronicler eval ner OUT`) measures how much the honorific style,
which Reuters (the CoNLL source) almost never uses, costs it.
"""
import sys




def spans(tags):
    """Person spans (start, end) over IOB1/IOB2 tags."""
    res, i = [], 0
    while i < len(tags):
        t = tags[i]
        if t.endswith("-PER"):
            j = i + 1
            while j < len(tags) and tags[j] == "I-PER":
                j += 1
            res.append((i, j))
            i = j
        else:
            i += 1
    return res


def transform(block, titles):
    rows = [l.split(" ") for l in block]
    tags = [r[-1] for r in rows]
    out, nxt = [], 0
    for a, b in spans(tags):
        prev_cap = a > 0 and rows[a - 1][0][:1].isupper()
        ok = b - a <= 3 and not prev_cap and tags[a] == "I-PER"
        out.extend(rows[nxt:a])
        if ok:
            if titles:
                out.append(["Sen.", "NNP", "I-NP", "O"][: len(rows[a]) - 1] + ["O"])
                out.extend(rows[a:b])
            else:
                out.append(["Mr.", "NNP", "I-NP", "O"][: len(rows[a]) - 1] + ["O"])
                out.extend(rows[b - 1 : b])
        else:
            out.extend(rows[a:b])
        nxt = b
    out.extend(rows[nxt:])
    return [" ".join(r) for r in out]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    titles = "--titles" in sys.argv[3:]
    lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
    out, block = [], []
    for line in lines + [""]:
        if line.strip() == "" or line.startswith("-DOCSTART-"):
            if block:
                out.extend(transform(block, titles))
                block = []
            out.append(line)
        else:
            block.append(line)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write("\n".join(out[:-1]))


if __name__ == "__main__":
    main()
