"""Key figures against the figures of six cases read by hand (annotated.toml): precision, recall, labels.

    python benchmarks/figures/evaluate.py            # totals
    python benchmarks/figures/evaluate.py --diff     # every figure missed, extra, or labelled otherwise

A figure found matches a figure read when they are in the same case and one text holds the other apart
from spaces (最高为200万元, 200万元: where the qualifier's words end is a matter of taste), in reading
order (a fact the text repeats counts at each place it is written). A label is right when it is the
reader's, and close when one contains the other.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from fuwumaoyi_cli.cases.loader import load_dataset, read_toml
from fuwumaoyi_cli.keyfigures import extract_key_figures

HERE = Path(__file__).parent


def squeeze(text: str) -> str:
    return "".join(text.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diff", action="store_true", help="list what differs")
    args = parser.parse_args()
    read = read_toml(HERE / "annotated.toml")["figures"]
    cases = sorted({f["case"] for f in read} | {9})  # case 9 was read too: it has no figure
    dataset = load_dataset()
    expected: dict[int, list[dict]] = defaultdict(list)
    for f in read:
        expected[f["case"]].append(f)
    found_total = read_total = matched = right = close = per_right = per_total = 0
    for case_id in cases:
        found = list(extract_key_figures(dataset.get(case_id)))
        wanted = list(expected[case_id])
        found_total += len(found)
        read_total += len(wanted)
        left = list(wanted)
        for figure in found:
            found_text = squeeze(figure.text)
            hit = next((w for w in left if squeeze(w["text"]) in found_text or found_text in squeeze(w["text"])), None)
            if hit is None:
                if args.diff:
                    print(f"extra  {case_id:>2} {figure.text!r:<24} {figure.sentence[:50]}")
                continue
            left.remove(hit)
            matched += 1
            label = figure.label
            right += label == hit["label"]
            close += bool(label) and (label in hit["label"] or hit["label"] in label)
            per_total += 1
            per_right += figure.per == hit.get("per")
            if args.diff and label != hit["label"]:
                print(f"label  {case_id:>2} {figure.text!r:<24} found {label!r}, read {hit['label']!r}")
            if args.diff and figure.per != hit.get("per"):
                print(f"per    {case_id:>2} {figure.text!r:<24} found {figure.per!r}, read {hit.get('per')!r}")
        for w in left if args.diff else ():
            print(f"missed {case_id:>2} {w['text']!r:<24} {w['sentence'][:50]}")
    print(f"cases {', '.join(map(str, cases))}: {read_total} figures read, {found_total} found, {matched} matched")
    print(f"precision {matched / found_total:.3f}  recall {matched / read_total:.3f}")
    print(f"labels: {right / matched:.3f} the reader's, {close / matched:.3f} the reader's or close")
    print(f"per (每日/每周/每月/每年): {per_right / per_total:.3f} right")


if __name__ == "__main__":
    main()
