"""The HTML the portal sends (every page, in English and in Welsh) passes the
Nu Html Checker, run once over all of them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def test_every_page_is_valid_html(nu_checker, all_site_pages, live_server, open_context, tmp_path):
    saved: dict[str, str] = {}
    contexts: dict[tuple[str, bool], object] = {}
    for site_page, language in all_site_pages:
        key = (language, site_page.staff)
        if key not in contexts:
            contexts[key], _journal = open_context(language, staff=site_page.staff)
        page = contexts[key].new_page()
        response = site_page.visit(page, live_server)
        assert response is not None, f"{site_page.name} ({language}): no response"
        assert response.status == site_page.status, (
            f"{site_page.name} ({language}) {response.url} answered {response.status}"
        )
        path = tmp_path / f"{site_page.name}-{language}.html"
        path.write_bytes(response.body())
        saved[path.name] = f"{site_page.name} ({language}) {response.url}"
        page.close()

    files = sorted(str(tmp_path / name) for name in saved)
    done = subprocess.run(
        [*nu_checker, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    try:
        report = json.loads(done.stderr or done.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"the Nu checker exited {done.returncode} without a JSON report:\n"
            f"{done.stdout}\n{done.stderr}",
            pytrace=False,
        )
    errors = [message for message in report.get("messages", []) if message["type"] != "info"]
    if errors:
        lines = []
        for message in errors:
            name = Path(message.get("url", "").removeprefix("file:")).name
            extract = " ".join(message.get("extract", "").split())
            lines.append(
                f"{saved.get(name, name)} line {message.get('lastLine', '?')}: "
                f"{message['message']}\n      {extract[:160]}"
            )
        pytest.fail(
            f"{len(errors)} HTML errors in {tmp_path}:\n"
            + "\n".join(f"  - {line}" for line in lines),
            pytrace=False,
        )
    assert done.returncode == 0, f"the Nu checker exited {done.returncode}: {done.stderr}"
