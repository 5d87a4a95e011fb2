"""Write the example notebooks (outputs stripped) from the cell sources below.

Notebooks live in git without outputs; tests execute them (tests/test_notebooks.py).
Run: python tools/make_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SETUP = '''from pathlib import Path
import subprocess, sys

ROOT = Path.cwd() if (Path.cwd() / "corpus").exists() else Path.cwd().parent
RECORDS = ROOT / "out" / "sample.jsonl"
if not RECORDS.exists():  # run the pipeline on the bundled sample corpus once
    subprocess.run([sys.executable, "-m", "civic.cli", "extract", str(ROOT / "corpus/sample/input"),
                    "-o", str(RECORDS), "--quiet"], check=True)

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from civic.query.frames import load_frames

frames = load_frames(RECORDS)
{name: len(frame) for name, frame in frames.items()}'''

EXPLORE = [
    ("markdown", "# Exploring civic-pipeline records\n\nThe sample corpus (44 Berlin district news "
                 "articles) run through `civic extract`, loaded into pandas with "
                 "`civic.query.frames.load_frames`."),
    ("code", SETUP),
    ("markdown", "## Topics by Bezirk\nPrimary topic of each article, counted per Bezirk it mentions."),
    ("code", '''docs = frames["documents"][["document_id", "primary_topic"]]
by_bezirk = frames["districts"][["document_id", "bezirk"]].drop_duplicates().merge(docs, on="document_id")
table = pd.crosstab(by_bezirk["bezirk"], by_bezirk["primary_topic"])
ax = table.plot(kind="barh", stacked=True, figsize=(9, 6), colormap="tab20")
ax.set_xlabel("articles"); ax.set_title("Primary topics by Bezirk")
table'''),
    ("markdown", "## People most quoted\nPeople with the most mentions, with their roles."),
    ("code", '''people = frames["people"].copy()
people["roles"] = people["roles"].map(", ".join)
top = people.groupby(["name", "roles"], as_index=False)["mentions"].sum().sort_values("mentions", ascending=False)
top.head(10)'''),
    ("markdown", "## Timeline of dates\nEvery resolved day the articles refer to, per month."),
    ("code", '''dates = frames["dates"].dropna(subset=["value"])
per_month = dates.set_index("value").resample("MS").size()
per_month.index = per_month.index.strftime("%Y-%m")  # month labels as the bars' own labels
ax = per_month.plot(kind="bar", figsize=(10, 3), rot=90)
ax.set_ylabel("dates"); ax.set_title("Dates mentioned per month")
assert len(dates) > 100
per_month.tail()'''),
]

DEADLINES = [
    ("markdown", "# Upcoming deadlines\n\nWhat residents can still do, by district and topic, as seen "
                 "from 2026-11-25 (the sample corpus is dated)."),
    ("code", SETUP),
    ("code", '''TODAY = pd.Timestamp("2026-11-25")
deadlines = frames["deadlines"].merge(frames["documents"][["document_id", "title"]], on="document_id")
upcoming = deadlines[deadlines["date"] >= TODAY].copy()
upcoming["days_left"] = (upcoming["date"] - TODAY).dt.days
upcoming.sort_values("date")[["date", "days_left", "action", "title"]].head(15)'''),
    ("markdown", "## By Bezirk and topic"),
    ("code", '''# a deadline's `bezirk` is where it applies (its sentence's Bezirk, else the article's main one)
placed = upcoming.assign(bezirk=upcoming["bezirk"].str.split(", ")).explode("bezirk").dropna(subset=["bezirk"])
topics = frames["topics"][frames["topics"]["rank"] == 1][["document_id", "label"]]
joined = placed.merge(topics, on="document_id")
pd.crosstab(joined["bezirk"], joined["label"])'''),
    ("markdown", "## Calendar view\nOne dot per deadline and Bezirk over the coming weeks."),
    ("code", '''fig, ax = plt.subplots(figsize=(10, 5))
bezirke = sorted(joined["bezirk"].unique())
ax.scatter(joined["date"], [bezirke.index(b) for b in joined["bezirk"]], s=60)
ax.set_yticks(range(len(bezirke))); ax.set_yticklabels(bezirke)
ax.axvline(TODAY, color="grey", linestyle="--")
ax.set_title("Deadlines by Bezirk"); fig.autofmt_xdate()
assert len(joined) > 0
len(joined)'''),
]

PEOPLE = [
    ("markdown", "# Office holders over time\n\nOne person across articles (`civic.resolve_persons`): who "
                 "held which role when, from the first to the last dated mention. The data is the written "
                 "set `corpus/persons/` (100 district press releases, 30 people; `tools/make_persons_corpus.py`)."),
    ("code", '''%matplotlib inline
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from civic import office_holders, resolve_persons
from civic.record.files import iter_records

ROOT = Path.cwd() if (Path.cwd() / "corpus").exists() else Path.cwd().parent
persons = resolve_persons(iter_records([ROOT / "corpus/persons/records.jsonl"]))
holders = pd.DataFrame(office_holders(persons))
holders["first"] = pd.to_datetime(holders["first"]); holders["last"] = pd.to_datetime(holders["last"])
len(persons), len(holders)'''),
    ("markdown", "## Who was Bezirksstadtrat or Bezirksstadträtin where\nThe role in either gender, per Bezirk."),
    ("code", '''stadtraete = pd.DataFrame(office_holders(persons, role="Bezirksstadtrat"))
stadtraete[["bezirk", "name", "role", "first", "last", "n_documents"]].sort_values(["bezirk", "first"])'''),
    ("markdown", "## Timeline\nOne bar per person and role, from the first to the last dated mention."),
    ("code", '''timeline = holders.sort_values(["bezirk", "first"]).reset_index(drop=True)
fig, ax = plt.subplots(figsize=(11, 9))
colours = {b: plt.cm.tab10(i % 10) for i, b in enumerate(sorted(timeline["bezirk"].unique()))}
for i, row in timeline.iterrows():
    ax.barh(i, (row["last"] - row["first"]).days or 10, left=row["first"], color=colours[row["bezirk"]])
ax.set_yticks(range(len(timeline)))
ax.set_yticklabels([f"{r.name} ({r.role.split(' für ')[0]}, {r.bezirk})" for r in timeline.itertuples()], fontsize=7)
ax.invert_yaxis(); ax.set_title("Office holders: first to last dated mention"); fig.tight_layout()
assert len(timeline) >= 30
len(timeline)'''),
]


def write(name: str, cells: list[tuple[str, str]]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell(src) if kind == "markdown" else nbformat.v4.new_code_cell(src)
                for kind, src in cells]
    path = ROOT / "notebooks" / name
    nbformat.write(nb, path)
    return path


if __name__ == "__main__":
    print(write("01_explore.ipynb", EXPLORE))
    print(write("02_deadlines.ipynb", DEADLINES))
    print(write("03_people.ipynb", PEOPLE))
