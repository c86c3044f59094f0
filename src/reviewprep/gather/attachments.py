"""A regulations.gov comment's attachments, found in a folder the user downloaded, and their text.

regulations.gov serves attachment n of comment D at
`https://downloads.regulations.gov/D/attachment_n.pdf` (the current export's `Attachment
Files` lists these URLs; the legacy export gives only `Attachment Count`, and older
URLs were `contentStreamer?documentId=D&attachmentNumber=n&contentType=pdf`). Once
downloaded, the files carry the comment's Document ID in one of a few ways, all
accepted, in any sub-folder:

- `D_n.pdf` or `D-n.pdf` (a file per attachment number),
- `D_attachment_n.pdf` (the URL's name prefixed with its comment, as mirroring tools do),
- `D/attachment_n.pdf` (the URL's path kept as folders),
- `D.pdf` (a comment's only attachment).

A bare `attachment_1.pdf` names no comment (every comment has one), so it is never
guessed at. Text comes from `gather.extract`; the files used are kept under the raw
store like every input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, urlsplit

from reviewprep.gather.extract import DEFAULT_LIMITS, EXTENSIONS, Extracted, Limits, NotExtractable, extract
from reviewprep.gather.rawfile import keep_raw
from reviewprep.gather.vocab import fold

# what a comment says when its text is in its attachments ("See attached file(s)", "Voir
# pièce jointe", "Ver archivo adjunto"): one of these words, and nothing else than FILLER
_MARKERS = ("attached", "attachment", "attachments", "attach", "enclosed", "joint", "jointe", "joints", "jointes",
            "ci-joint", "annexe", "annexes", "adjunto", "adjunta", "adjuntos", "adjuntas", "adjuntan",
            "anexo", "anexos")
_FILLER = frozenset((
    "see", "please", "find", "the", "a", "our", "my", "file", "files", "s", "document", "documents", "letter",
    "comment", "comments", "pdf", "word", "are", "is", "in", "as", "per", "refer", "to", "view", "here", "thank",
    "you", "voir", "veuillez", "trouver", "le", "la", "les", "fichier", "fichiers", "piece", "pieces", "lettre",
    "commentaire", "commentaires", "nos", "notre", "en", "ci", "merci", "ver", "vea", "vease", "favor", "por",
    "el", "los", "las", "archivo", "archivos", "documento", "documentos", "carta", "comentario", "comentarios",
    "nuestros", "nuestro", "se", "como", "gracias",
))
_WORDS = re.compile(r"[a-z]+(?:-[a-z]+)*")
_NUMBERED = re.compile(r"^(?:attachment[_-]?)?(\d{1,3})$")
_OWNED = re.compile(r"^(.+?)[_-](?:attachment[_-]?)?(\d{1,3})$")  # D_1, D-1, D_attachment_1
_URL_NAME = re.compile(r"^attachment_(\d{1,3})$", re.IGNORECASE)


def says_see_attached(text: str) -> bool:
    """Whether a comment's whole text only points at its attachments (en, fr, es)."""
    words = _WORDS.findall(fold(text))
    if not words or len(words) > 12:
        return False
    return any(w in _MARKERS for w in words) and all(w in _MARKERS or w in _FILLER for w in words)


def listed_names(cell: str) -> list[str]:
    """The attachment file names an `Attachment Files` cell lists (URLs, or bare names)."""
    names = []
    for url in re.split(r"[,\s|]+", cell.strip()):
        if not url:
            continue
        parts = urlsplit(url)
        name = PurePosixPath(parts.path).name
        if name.lower() == "contentstreamer":  # legacy URL: the number and type are in the query
            query = parse_qs(parts.query)
            number = (query.get("attachmentNumber") or ["1"])[0]
            name = f"attachment_{number}.{(query.get('contentType') or ['pdf'])[0]}"
        if name:
            names.append(name)
    return names


@dataclass
class Found:
    """A comment's attachments: the text read from them, or why there is none."""

    text: str = ""
    members: list[str] = field(default_factory=list)  # file names read, in order
    ocr: list[float | None] = field(default_factory=list)  # confidence of each OCR'd document
    problems: list[str] = field(default_factory=list)  # "name: why" for each file not read
    missing: list[str] = field(default_factory=list)  # file names expected and not found


class Attachments:
    """The files under an attachments folder, indexed once by lower-case name, stem and folder."""

    def __init__(self, folder: Path, raw_store: Path | None = None, limits: Limits = DEFAULT_LIMITS):
        self.folder, self.raw_store, self.limits = folder, raw_store, limits
        self.by_name: dict[str, Path] = {}
        self.by_stem: dict[str, list[Path]] = {}
        self.by_folder: dict[str, list[Path]] = {}
        self.by_owner: dict[str, list[tuple[int, Path]]] = {}
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if not path.is_file() or any(p.startswith(".") for p in path.relative_to(folder).parts):
                continue
            stem = path.stem.lower()
            self.by_name.setdefault(path.name.lower(), path)
            self.by_stem.setdefault(stem, []).append(path)
            self.by_folder.setdefault(path.parent.name.lower(), []).append(path)
            if match := _OWNED.match(stem):
                self.by_owner.setdefault(match.group(1), []).append((int(match.group(2)), path))

    def files_for(self, document_id: str, listed: list[str], count: int) -> tuple[list[Path], list[str]]:
        """(files found, names expected but missing) for comment `document_id`.

        `listed`: the names its `Attachment Files` gives; `count`: its `Attachment Count`
        (legacy). Without a list, the files of a kind `gather.extract` reads that carry its
        Document ID as above (a mirror's `D.json` or extracted-text files are left alone).
        """
        d = document_id.lower()
        if listed:
            found, missing = [], []
            for name in listed:
                path = self._one(d, name)
                (found.append(path) if path else missing.append(f"{document_id}_{name}"))
            return found, missing
        numbered = [(0, path) for path in self.by_stem.get(d, [])]
        numbered += [(_number(path.stem.lower()), path) for path in self.by_folder.get(d, [])]
        numbered += self.by_owner.get(d, [])
        found = list(dict.fromkeys(p for n, p in sorted(numbered, key=lambda np: (np[0] or 0, np[1]))
                                   if n is not None and p.suffix.lower() in EXTENSIONS))
        missing = [f"{document_id}_{n} (any extension)" for n in range(len(found) + 1, count + 1)]
        return found, missing

    def _one(self, d: str, name: str) -> Path | None:
        lower = name.lower()
        stem = PurePosixPath(lower).stem
        for path in self.by_folder.get(d, []):
            if path.name.lower() == lower:
                return path
        candidates = [f"{d}_{lower}", f"{d}-{lower}"]
        if match := _URL_NAME.match(stem):
            suffix = PurePosixPath(lower).suffix
            candidates += [f"{d}_{match.group(1)}{suffix}", f"{d}-{match.group(1)}{suffix}"]
        if d in lower:
            candidates.append(lower)
        return next((self.by_name[c] for c in candidates if c in self.by_name), None)

    def read(self, paths: list[Path]) -> Found:
        """Each file's text (an e-mail's attachments too), joined; what could not be read, and why."""
        found = Found()
        texts = []
        for path in paths:
            try:
                if path.stat().st_size > self.limits.max_bytes:
                    raise NotExtractable(f"too large: {path.stat().st_size:,} bytes "
                                         f"(limit {self.limits.max_bytes:,})")
                document = extract(path.read_bytes(), path.name, self.limits)
            except (NotExtractable, OSError) as exc:
                found.problems.append(f"{path.name}: {exc}")
                continue
            if self.raw_store is not None:
                keep_raw(path, self.raw_store)
            parts = [d for d in _documents(document) if d.text.strip()]
            if not parts:
                found.problems.append(f"{path.name}: no text found in it")
                continue
            found.members.append(path.name)
            found.ocr += [d.ocr_confidence for d in parts if d.method == "ocr"]
            texts += [d.text.strip() for d in parts]
        found.text = "\n\n".join(texts)
        return found


def _documents(document: Extracted) -> list[Extracted]:
    return [document, *(d for a in document.attachments for d in _documents(a))]


def _number(text: str) -> int | None:
    match = _NUMBERED.match(text)
    return int(match.group(1)) if match else None
