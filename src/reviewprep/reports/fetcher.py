"""A WeasyPrint URL fetcher that only serves the project's own template assets.

Stakeholder text is escaped before it reaches HTML, so this is the second wall: even
markup that slipped through could not read a local file or touch the network.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint.urls import URLFetcher


class RefusedURL(ValueError):
    pass


class AssetsOnlyFetcher(URLFetcher):
    def __init__(self, root: Path):
        super().__init__(allowed_protocols=("file", "data"))
        self.root = root.resolve()
        self.requested: list[str] = []
        self.refused: list[str] = []

    def allows(self, url: str) -> bool:
        """data: URLs, and files that resolve (symlinks and .. included) under the root."""
        parsed = urlparse(url)
        scheme = parsed.scheme.lower()
        if scheme == "data":
            return True
        if scheme != "file" or parsed.netloc not in ("", "localhost"):
            return False
        path = Path(unquote(parsed.path)).resolve()
        return path.is_relative_to(self.root) and path.is_file()

    def fetch(self, url, headers=None):
        self.requested.append(url)
        if self.allows(url):
            return super().fetch(url, headers)
        self.refused.append(url)
        raise RefusedURL(f"refused to fetch {url!r}: only files under {self.root} are allowed")
