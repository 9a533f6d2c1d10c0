"""Static files are linked by their fingerprint and kept by browsers for a year."""

import hashlib
import re
from pathlib import Path

from app.core import static_assets

STATIC = Path(__file__).resolve().parents[2] / "app" / "static"


def _static_links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_every_static_link_on_a_page_carries_the_files_fingerprint(client):
    links = _static_links(client.get("/").text)
    assert {"/static/css/app.css", "/static/js/app.js"} <= {link.split("?")[0] for link in links}
    for link in links:
        path, _, query = link.partition("?")
        content = (STATIC / path.removeprefix("/static/")).read_bytes()
        assert query == "v=" + hashlib.sha256(content).hexdigest()[:12], link


def test_a_fingerprinted_file_is_kept_for_a_year(client):
    link = next(link for link in _static_links(client.get("/").text) if "app.css" in link)
    response = client.get(link)
    response.close()
    assert response.status_code == 200
    control = response.cache_control
    assert control.max_age == 365 * 24 * 60 * 60
    assert control.public
    assert control.immutable


def test_a_file_asked_for_without_or_with_an_old_fingerprint_is_revalidated(client):
    for url in ("/static/css/app.css", "/static/css/app.css?v=000000000000"):
        response = client.get(url)
        response.close()
        assert response.status_code == 200
        assert response.cache_control.max_age is None, url
        assert not response.cache_control.immutable, url


def test_a_changed_file_gets_a_new_fingerprint(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    asset = tmp_path / "site.css"
    asset.write_text("body { color: black }")
    first = static_assets.fingerprint(app, "site.css")
    before = static_assets.generation(app)
    asset.write_text("body { color: white; margin: 0 }")
    second = static_assets.fingerprint(app, "site.css")
    assert first != second
    assert second == hashlib.sha256(asset.read_bytes()).hexdigest()[:12]
    assert static_assets.generation(app) == before + 1
    assert static_assets.fingerprint(app, "../secrets.txt") is None
    assert static_assets.fingerprint(app, "missing.css") is None
