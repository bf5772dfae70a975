"""Drawn icons are cached in a folder that can be chosen, so tests keep them in their temp folder."""
import os
import tempfile
from pathlib import Path

from ui import resources


def test_icon_cache_goes_where_papertrail_cache_says(tmp_path, monkeypatch):
    monkeypatch.setenv(resources.CACHE_ENV, str(tmp_path / "cache"))
    path = resources.icon_file("close", "#123456")
    assert path == tmp_path / "cache" / "icons" / "close-123456.svg"
    assert "#123456" in path.read_text()
    assert (tmp_path / "cache" / "icons").as_posix() in resources.stylesheet({"muted": "#123456"})


def test_the_test_run_itself_caches_icons_in_a_temp_folder():
    # tests/conftest.py points the cache at a fresh temp folder, never the user's or a shared one
    cache = Path(os.environ[resources.CACHE_ENV])
    assert cache.is_relative_to(tempfile.gettempdir()) and cache.name.startswith("papertrail-test-cache-")
    assert resources.cache_dir() == cache
