"""The events reach a reader (issue 19): Datasette serves a database built by `civic db` from the
events corpus, and a real headless Chromium renders the canned query "Upcoming events by district"
and the events table. The DOM must hold the event rows (an action text in a table cell, the source
count), and the screenshot must be a real picture, not an error page's few bytes."""

from __future__ import annotations

import html
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from civic.query.database import build_database, write_metadata
from civic.query.events import events_of_records

from .conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (Debian: apt-get install chromium; "
                                                         ".ci/run installs it)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, events_file):
    folder = tmp_path_factory.mktemp("browser")
    db_path = folder / "civic.db"
    build_database([events_file], db_path)
    meta = write_metadata(db_path)
    port = _free_port()
    datasette = Path(sys.executable).with_name("datasette")
    if not datasette.exists():
        pytest.skip("datasette is not installed in the venv (the dev extra installs it)")
    proc = subprocess.Popen([str(datasette), "serve", str(db_path), "-m", str(meta), "--host", "127.0.0.1",
                             "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"datasette exited: {proc.stdout.read().decode()[-2000:]}")
                time.sleep(0.2)
        else:
            pytest.fail("datasette did not answer within 30 s")
        yield base, folder
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _chromium(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, *args], cwd=cwd, capture_output=True, timeout=120)


def _cells(dom: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", dom, flags=re.S)]


@pytest.mark.parametrize("page", ["upcoming_events?from_date=2026-11-25&district=", "events?_sort=date"])
def test_chromium_renders_the_events(server, events_records, page):
    base, folder = server
    url = f"{base}/civic/{page}"
    shot = folder / f"{page.split('?')[0]}.png"
    result = _chromium(f"--screenshot={shot}", "--window-size=1280,1400", url, cwd=folder)
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 1400)
    assert len(data) > 30_000, len(data)  # a page of text and table lines; a blank page is a few KB

    dom = _chromium("--dump-dom", url, cwd=folder)
    assert dom.returncode == 0, dom.stderr.decode()[-2000:]
    cells = _cells(dom.stdout.decode("utf-8"))
    events = [e for e in events_of_records(events_records) if e.date >= "2026-11-25"]
    budget = next(e for e in events if "Stadtteilbudget" in e.action)
    assert budget.action in cells and budget.id in cells
    assert set(e.action for e in events) <= set(cells)  # every event is a row
    assert str(budget.n_sources) in cells
