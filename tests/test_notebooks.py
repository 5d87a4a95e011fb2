"""Every notebook runs top to bottom without error on the sample output (nbclient)."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes(path, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(path, as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"), "outputs must be stripped"
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    # a warning printed in a notebook is something a reader sees and should not (issue 18)
    warnings = [o["text"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
                if o.output_type == "stream" and o.get("name") == "stderr" and "Warning" in o["text"]]
    assert not warnings


def test_frames_helper(sample_records):
    from civic.record.rows import rows_of

    rows = rows_of(sample_records)
    assert [d["document_id"] for d in rows["documents"]] == [r["id"] for r in sample_records]
    assert len(rows["deadlines"]) == sum(len(r["deadlines"]) for r in sample_records)
    assert len(rows["people"]) == sum(len(r["people"]) for r in sample_records)
    assert {p["document_id"] for p in rows["people"]} <= {r["id"] for r in sample_records}
