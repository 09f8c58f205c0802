"""Key figures against the figures of cases read by hand: precision, recall, labels.

    python benchmarks/figures/evaluate.py                 # cases 2, 6, 9, 14, 16, 19 (annotated.toml)
    python benchmarks/figures/evaluate.py --diff          # every figure missed, extra, or labelled otherwise
    python benchmarks/figures/evaluate.py --set heldout   # cases 3, 4, 8, 10, 15, 20: held out, then tuned on
    python benchmarks/figures/evaluate.py --set dev2      # cases 1, 5, 7, 11 (annotated-dev2.toml)
    python benchmarks/figures/evaluate.py --set heldout2  # cases 12, 13, 17, 18: reported, never tuned on
    python benchmarks/figures/evaluate.py --set written   # sentences of the genre written for the benchmark
    python benchmarks/figures/evaluate.py --set written4  # more such sentences: held out, reported, then tuned on
    python benchmarks/figures/evaluate.py --set written5  # 70 more: reported, never tuned on
    python benchmarks/figures/evaluate.py --set written6  # 70 more, many measure words: tuned on
    python benchmarks/figures/evaluate.py --set written7  # 70 more, by a fifth writer: reported, never tuned on

annotated.toml was read before the labels were written, and the labels were tuned on it;
annotated-heldout.toml was read by another reader, blind to fwmy's output, after they were: it was held out
(only its totals printed) until 2026-12-02, when its misses were read to mend them, so it is development data
since. annotated-dev2.toml and annotated-heldout2.toml were read by two more readers, blind to fwmy's output
and to its rules: the first to tune on, the second never (--diff refuses it). written-dev3.toml: sentences of
the genre that a writer blind to fwmy wrote with their figures, none of them from the cases, to tune on
(each sentence is the intro of a case of its own). written-dev4.toml: 70 more, by another writer blind to
fwmy and to the other files, written after the rules were last changed: held out until its first run was
reported (precision 1.000, recall 0.973; labels 70 right, 30 acceptable, 9 wrong of 109), tuned on since.
written-heldout5.toml: 70 more, by a third writer blind in the same way, on other topics, written while the
rules were tuned on written-dev4 and run once they were: held out like heldout2. written-dev6.toml: 70 more
(177 figures), by a fourth writer blind in the same way, asked for many measure words and units, to tune on:
its first run, before any change, gave precision 0.987 and recall 0.859 (measure words the rules lacked).
written-heldout7.toml: 70 more (175 figures), by a fifth writer blind in the same way, written at the same
time as written-dev6 and with the same request for many measure words, on other topics; run once the rules
were tuned on written-dev6 (5c29db0): held out like heldout2. Both writers were asked for the measure words
written-heldout5's writer had found missing, so written7 tests the rules on new sentences, not on measure
words outside that request.
labels-judged.toml: a third reader, blind to the code and to both files, graded each label fwmy gave in the
twelve cases (right, acceptable, wrong) by reading its sentence; it is reported for the labels still given.
Later readers, blind in the same way, graded those of the other sets; written7's (125 right, 36 acceptable,
10 wrong of 171) on its first run, by a reader who saw neither the writer's labels nor the rules; one rule
came of reading those grades (最高达 as a bound, e476e9a), so its labels are not held out since.

A figure found matches a figure read when they are in the same case and one text holds the other apart
from spaces (最高为200万元, 200万元: where the qualifier's words end is a matter of taste), in reading
order (a fact the text repeats counts at each place it is written). A label is right when it is the
reader's, and close when one contains the other.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from fuwumaoyi_cli import Case
from fuwumaoyi_cli.cases.loader import load_dataset, read_toml
from fuwumaoyi_cli.keyfigures.rules import key_figures as extract_key_figures  # not data/key-figures.json

HERE = Path(__file__).parent
# The file of each set, and the cases read that have no figure (case 9: a document number and "1+N").
SETS = {
    "dev": ("annotated.toml", {9}),
    "heldout": ("annotated-heldout.toml", set()),
    "dev2": ("annotated-dev2.toml", set()),
    "heldout2": ("annotated-heldout2.toml", set()),
    "written": ("written-dev3.toml", set()),
    "written4": ("written-dev4.toml", set()),
    "written5": ("written-heldout5.toml", set()),
    "written6": ("written-dev6.toml", set()),
    "written7": ("written-heldout7.toml", set()),
}
HELD_OUT = ("heldout2", "written5", "written7")
WRITTEN = {name for name, (file_name, _) in SETS.items() if file_name.startswith("written-")}  # sentences, not cases


GRADES = ("right", "acceptable", "wrong", "not judged")


def squeeze(text: str) -> str:
    return "".join(text.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diff", action="store_true", help="list what differs (not for a held-out set)")
    parser.add_argument("--set", choices=list(SETS), default="dev")
    args = parser.parse_args()
    file_name, without_figures = SETS[args.set]
    args.diff = args.diff and args.set not in HELD_OUT
    if args.set in WRITTEN:
        written, read = _written(read_toml(HERE / file_name)["sentence"])
        get_case = written.__getitem__
        cases = sorted(written)
    else:
        read = read_toml(HERE / file_name)["figures"]
        cases = sorted({f["case"] for f in read} | without_figures)
        get_case = load_dataset().get
    expected: dict[int, list[dict]] = defaultdict(list)
    for f in read:
        expected[f["case"]].append(f)
    found_total = read_total = matched = right = close = per_right = per_total = 0
    for case_id in cases:
        found = list(extract_key_figures(get_case(case_id)))
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
    judged = {
        (j["case"], j["text"], j["label"], j["sentence"]): j["grade"]
        for j in read_toml(HERE / "labels-judged.toml")["figure"]
    }
    grades = [
        judged.get((case_id, f.text, f.label, f.sentence), "not judged")
        for case_id in cases
        for f in extract_key_figures(get_case(case_id))
    ]
    shares = ", ".join(f"{grade} {grades.count(grade) / len(grades):.3f}" for grade in GRADES if grades.count(grade))
    print(f"labels as a reader judged them ({len(grades)}): {shares}")


def _written(sentences: list[dict]) -> tuple[dict[int, Case], list[dict]]:
    """Each written sentence as the intro of a case of its own (numbered from 1), and its figures as read."""
    cases = {n: Case(n, "标题", "", ("某市",), ("某省",), 1, (), (), s["text"], ()) for n, s in enumerate(sentences, 1)}
    read = [{"case": n, "sentence": s["text"], **f} for n, s in enumerate(sentences, 1) for f in s.get("figures", [])]
    return cases, read


if __name__ == "__main__":
    main()
