"""WARC bytes for the reader tests: one HTML `response` record per page, written with warcio."""

from __future__ import annotations

import io


def html_responses(pages: list[tuple[str, bytes]], gzip: bool, date: str | None = None) -> bytes:
    """A WARC of (uri, payload) pages, each record gzipped on its own when `gzip`; `date` is the
    WARC-Date of every record (warcio's clock when None)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    headers = {"WARC-Date": date} if date else None
    for uri, payload in pages:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                      http_headers=http, warc_headers_dict=headers))
    return buf.getvalue()
