"""The second wall: even markup that bypassed escaping cannot read files or reach the network."""

from __future__ import annotations

import socket

import pytest

from reviewprep.reports.fetcher import AssetsOnlyFetcher, RefusedURL
from reviewprep.reports.render import environment, html_to_pdf, render_html
from tests.conftest import REPO

TEMPLATES = REPO / "templates"


@pytest.fixture
def listener():
    """A local TCP port that records whether anything connected to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def connections(server: socket.socket) -> int:
    count = 0
    while True:
        try:
            conn, _ = server.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://127.0.0.1:9/x.css",
    "https://example.org/logo.png",
    "ftp://example.org/x",
    (TEMPLATES / "../config/framework.yaml").as_uri(),
    (TEMPLATES / "assets/missing.css").as_uri(),
    "file://otherhost" + str(TEMPLATES / "assets/report.css"),
])
def test_fetcher_refuses_everything_but_template_files(url):
    fetcher = AssetsOnlyFetcher(TEMPLATES)
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url] and fetcher.requested == [url]


def test_fetcher_refuses_a_symlink_out_of_the_root(tmp_path):
    root = tmp_path / "templates"
    root.mkdir()
    (root / "escape.css").symlink_to("/etc/passwd")
    with pytest.raises(RefusedURL):
        AssetsOnlyFetcher(root).fetch((root / "escape.css").as_uri())


def test_fetcher_serves_template_assets_and_data_urls():
    fetcher = AssetsOnlyFetcher(TEMPLATES)
    css = fetcher.fetch((TEMPLATES / "assets/report.css").as_uri())
    assert b"@page" in css.read()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    assert fetcher.refused == []


def test_raw_markup_that_slipped_through_fetches_nothing(listener):
    port = listener.getsockname()[1]
    html = f"""<!DOCTYPE html><html lang="en"><head><title>t</title>
      <link rel="stylesheet" href="http://127.0.0.1:{port}/x.css"></head>
      <body><h1>t</h1><img src="file:///etc/passwd" alt="x"><img src="http://127.0.0.1:{port}/y.png" alt="y">
      <p style="background: url(file:///etc/hostname)">p</p></body></html>"""
    result = html_to_pdf(html, TEMPLATES)
    assert result.pdf.startswith(b"%PDF")
    assert set(result.refused) == {f"http://127.0.0.1:{port}/x.css", "file:///etc/passwd",
                                   f"http://127.0.0.1:{port}/y.png", "file:///etc/hostname"}
    assert connections(listener) == 0


def test_templates_autoescape_stakeholder_text(tmp_path):
    (tmp_path / "t.html.j2").write_text("<p>{{ text }}</p>", encoding="utf-8")
    out = render_html(environment(tmp_path), "t.html.j2", {"text": '<img src="file:///etc/passwd"> {{ 7*7 }}'})
    assert out == "<p>&lt;img src=&#34;file:///etc/passwd&#34;&gt; {{ 7*7 }}</p>"
