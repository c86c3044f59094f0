"""The documentation matches the code (in the style of Datasette's documentation tests).

Every setting, command, option, input format and config key is found by looking at the
code (the settings model, the argparse parser, the format registry, the pydantic models
that validate config/*.yaml), never from a list kept here, so whoever adds one is told
which page to document it in. Links and paths named in README.md and docs/*.md must
exist in the repository.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import importlib.util
import io
import pkgutil
import re
import subprocess
import tokenize
import types
import typing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from pydantic import BaseModel

import reviewprep
from reviewprep.cli import build_parser
from reviewprep.settings import Settings
from tests.conftest import REPO

README = REPO / "README.md"
DOCS = REPO / "docs"
README_LIMIT = 12_000


# ---- reading markdown --------------------------------------------------------------


@dataclass
class Section:
    level: int
    title: str  # the heading's text, code spans without backticks
    code: list[str] = field(default_factory=list)  # inline code spans in the section (subsections too)
    text: str = ""  # the section's source lines


@dataclass
class Page:
    path: Path
    sections: list[Section]
    code: list[str]  # every inline code span
    links: list[tuple[str, int]]  # (href, line)
    slugs: set[str]

    @property
    def name(self) -> str:
        return self.path.relative_to(REPO).as_posix()

    def sections_naming(self, needle: str) -> list[Section]:
        return [s for s in self.sections if needle in s.title]


def slug(title: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


@cache
def page(path: Path) -> Page:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    headings: list[tuple[int, int, str]] = []  # (line, level, title)
    spans: list[tuple[int, str]] = []  # (line, code)
    links: list[tuple[str, int]] = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            inline = tokens[i + 1]
            headings.append((tok.map[0], int(tok.tag[1]), "".join(c.content for c in inline.children)))
        if tok.type != "inline":
            continue
        for child in tok.children:
            if child.type == "code_inline":
                spans.append((tok.map[0], child.content))
            elif child.type in ("link_open", "image"):
                links.append((child.attrs.get("href") or child.attrs.get("src"), tok.map[0] + 1))
    sections = []
    for n, (start, level, title) in enumerate(headings):
        end = next((ln for ln, lv, _ in headings[n + 1:] if lv <= level), len(lines))
        sections.append(Section(level, title, [c for ln, c in spans if start <= ln < end],
                                "\n".join(lines[start:end])))
    seen: dict[str, int] = {}
    slugs = set()
    for _, _, title in headings:
        base = slug(title)
        slugs.add(f"{base}-{seen[base]}" if base in seen else base)
        seen[base] = seen.get(base, 0) + 1
    return Page(path, sections, [c for _, c in spans], links, slugs)


def pages() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def words(spans: list[str]) -> set[str]:
    return {w for span in spans for w in re.findall(r"[A-Za-z_][\w-]*", span)}


# ---- the README ---------------------------------------------------------------------


def test_readme_is_a_short_front_door():
    size = len(README.read_bytes())
    assert size <= README_LIMIT, (
        f"README.md is {size:,} bytes; it is a short front door of at most {README_LIMIT:,}: "
        f"move the details to the page under docs/ they belong to and link it")


def test_every_docs_page_is_listed_in_the_index():
    index = page(DOCS / "index.md")
    linked = {(DOCS / href.split("#")[0]).resolve() for href, _ in index.links if "://" not in href}
    missing = [p.name for p in sorted(DOCS.glob("*.md")) if p.name != "index.md" and p.resolve() not in linked]
    assert not missing, f"add one line to docs/index.md linking {', '.join(missing)}"


# ---- settings -----------------------------------------------------------------------


def setting_variables() -> list[str]:
    prefix = Settings.model_config.get("env_prefix", "")
    return [f"{prefix}{name}".upper() for name in Settings.model_fields]


def test_every_setting_is_documented():
    sections = page(DOCS / "operations.md").sections_naming("Settings")
    documented = {c for s in sections for c in s.code}
    missing = [v for v in setting_variables() if v not in documented]
    assert not missing, (
        f"settings in src/reviewprep/settings.py not documented: {', '.join(missing)}; add a row "
        f"for each (`{missing[0]}`, default, meaning) to the table under '## Settings' in docs/operations.md")


def test_every_documented_variable_exists():
    """A REVIEWPREP_* variable named in the docs is a setting, or is read somewhere in the code."""
    code = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for folder in ("src", "flows", "tests", "bench") for p in (REPO / folder).rglob("*.py"))
    code += (REPO / "Makefile").read_text() + "".join(p.read_text() for p in (REPO / ".ci").glob("*"))
    known = set(setting_variables())
    stale = sorted({(v, path.relative_to(REPO).as_posix()) for path in pages()
                    for v in re.findall(r"REVIEWPREP_[A-Z0-9_]*[A-Z0-9](?![A-Z0-9_]*\*)", path.read_text())
                    if v not in known and v not in code})
    assert not stale, f"variables named in the docs that nothing reads (remove or fix them): {stale}"


# ---- the command line ---------------------------------------------------------------


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command path, parser) for every runnable subcommand, found in the parser itself."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs and path:
        yield path, parser
    for action in subs:
        for name, sub in action.choices.items():
            yield from commands(sub, (*path, name))


def options(parser: argparse.ArgumentParser) -> list[str]:
    return [max(a.option_strings, key=len) for a in parser._actions
            if a.option_strings and a.help != argparse.SUPPRESS and "--help" not in a.option_strings]


def cli_sections() -> dict[str, Section]:
    found = {}
    for s in page(DOCS / "cli.md").sections:
        m = re.fullmatch(r"reviewprep ([a-z][\w -]*)", s.title.strip())
        if m:
            found[m.group(1).strip()] = s
    return found


@pytest.mark.parametrize("path", [" ".join(p) for p, _ in commands(build_parser())])
def test_every_subcommand_is_documented(path):
    section = cli_sections().get(path)
    assert section is not None, (
        f"`reviewprep {path}` is not documented: add a heading '### `reviewprep {path}`' to "
        f"docs/cli.md, with what it does and each of its options")
    parser = dict((" ".join(p), sp) for p, sp in commands(build_parser()))[path]
    missing = [o for o in options(parser) if not re.search(rf"{re.escape(o)}(?![\w-])", section.text)]
    assert not missing, (
        f"options of `reviewprep {path}` not documented: {', '.join(missing)}; describe each under "
        f"'### `reviewprep {path}`' in docs/cli.md")


def test_every_documented_subcommand_exists():
    real = {" ".join(p) for p, _ in commands(build_parser())}
    stale = sorted(set(cli_sections()) - real)
    assert not stale, f"docs/cli.md documents commands that do not exist: {stale}"


# ---- input formats ------------------------------------------------------------------


def input_formats() -> list[str]:
    """The `--format` choices of `reviewprep ingest`, else the registry it checks names against."""
    ingest = dict(commands(build_parser()))[("ingest",)]
    action = next(a for a in ingest._actions if "--format" in a.option_strings)
    if action.choices:
        return list(action.choices)
    from reviewprep.gather.formats import FORMATS

    return list(FORMATS)


def format_table_names() -> set[str]:
    """Formats named in the first column of the tables under '## Input formats' in docs/gathering.md."""
    names = set()
    for s in page(DOCS / "gathering.md").sections_naming("Input formats"):
        for line in s.text.splitlines():
            cells = line.split("|")
            if line.startswith("|") and len(cells) > 2:
                names |= set(re.findall(r"`([^`]+)`", cells[1]))
    return names


def test_every_input_format_is_documented():
    missing = [f for f in input_formats() if f not in format_table_names()]
    assert not missing, (
        f"input formats not documented: {', '.join(missing)}; add a row for each (`{missing[0]}` in the "
        f"first column, then what it reads) to the table under '## Input formats' in docs/gathering.md")


def test_every_documented_input_format_exists():
    stale = sorted(format_table_names() - set(input_formats()))
    assert not stale, f"docs/gathering.md's format table names formats that do not exist: {stale}"


# ---- config keys --------------------------------------------------------------------


@cache
def config_models() -> tuple[type[BaseModel], ...]:
    """Every pydantic model in the reviewprep package that forbids unknown keys."""
    for info in pkgutil.walk_packages(reviewprep.__path__, "reviewprep."):
        if ".migrations" not in info.name:
            importlib.import_module(info.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return tuple(sorted({m for m in subclasses(BaseModel)
                         if m.__module__.startswith("reviewprep.") and m.model_config.get("extra") == "forbid"},
                        key=lambda m: f"{m.__module__}.{m.__qualname__}"))


def nested_models(annotation) -> list[type[BaseModel]]:
    """Models inside an annotation (list[X], X | None, dict[str, X], Annotated[...])."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is dict:
        args = args[1:]  # the keys of a dict are data, not config keys
    return [m for a in args for m in nested_models(a)]


def model_keys(model: type[BaseModel], seen: frozenset = frozenset()) -> set[str]:
    keys = set()
    for name, info in model.model_fields.items():
        keys.add(info.alias or name)
        for sub in nested_models(info.annotation):
            if sub not in seen:
                keys |= model_keys(sub, seen | {model})
    return keys


def yaml_keys(value) -> set[str]:
    if isinstance(value, dict):
        return {str(k) for k in value} | {k for v in value.values() for k in yaml_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in yaml_keys(v)}
    return set()


def config_keys(path: Path) -> set[str]:
    """The keys the file may hold: every field of the model that validates it (found by trying
    each strict model), else every key written in the file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    keys = set()
    for model in config_models():
        if set(data) <= set(model.model_fields):
            try:
                model.model_validate(data)
            except ValueError:
                continue
            keys |= model_keys(model)
    return keys or yaml_keys(data)


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "config").glob("*.yaml")))
def test_every_config_key_is_documented(name):
    sections = [(p, s) for p in sorted(DOCS.glob("*.md")) for s in page(p).sections_naming(f"config/{name}")]
    assert sections, (
        f"config/{name} has no documentation: give it a heading naming `config/{name}` in the docs/ page "
        f"of its concern, with a table of its keys")
    documented = words([c for _, s in sections for c in s.code])
    missing = sorted(config_keys(REPO / "config" / name) - documented)
    where = " or ".join(f"'{s.title}' in {p.relative_to(REPO).as_posix()}" for p, s in sections)
    assert not missing, f"keys of config/{name} not documented: {', '.join(missing)}; document each under {where}"


# ---- links and paths ----------------------------------------------------------------


@cache
def tracked() -> tuple[set[str], set[str]]:
    """(tracked files, their folders) relative to the repository, per git."""
    try:
        out = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    files = set(out.splitlines())
    folders = {"/".join(f.split("/")[:i]) for f in files for i in range(1, f.count("/") + 1)}
    return files, folders


def in_repository(relative: str) -> bool:
    files, folders = tracked()
    relative = relative.rstrip("/")
    return relative in files or relative in folders or (REPO / relative).exists()


@pytest.mark.parametrize("doc", [p.relative_to(REPO).as_posix() for p in pages()])
def test_relative_links_resolve(doc):
    path = REPO / doc
    broken = []
    for href, line in page(path).links:
        if re.match(r"^[a-z]+:", href):
            continue  # http:, https:, mailto:
        target, _, anchor = href.partition("#")
        target_path = (path.parent / target).resolve() if target else path
        if not target_path.is_relative_to(REPO) or not in_repository(target_path.relative_to(REPO).as_posix()):
            broken.append(f"line {line}: {href} (no such file in the repository)")
        elif anchor and target_path.suffix == ".md" and anchor not in page(target_path).slugs:
            broken.append(f"line {line}: {href} (no heading with anchor #{anchor} in {target or doc})")
    assert not broken, f"broken links in {doc}:\n  " + "\n  ".join(broken)


PATHLIKE = re.compile(r"^[\w.-]+(/[\w.-]+)*/?$")
PACKAGE = "src/reviewprep/"  # short paths in the docs (`gather/formats.py`) are inside the package


@pytest.mark.parametrize("doc", [p.relative_to(REPO).as_posix() for p in pages()])
def test_paths_and_modules_named_exist(doc):
    """Paths (`config/x.yaml`, `src/reviewprep/...`, or `gather/x.py` inside the package) and
    `reviewprep.x` modules a page names exist."""
    files, folders = tracked()
    missing = []
    for code in sorted(set(page(REPO / doc).code)):
        if "/" in code and PATHLIKE.match(code):
            first = code.split("/")[0]
            base = next((b for b in ("", PACKAGE) if f"{b}{first}" in folders | files), None)
            if base is not None and not in_repository(base + code) and subprocess.run(
                    ["git", "check-ignore", "-q", base + code], cwd=REPO).returncode:
                missing.append(f"`{code}` (no such file or folder{' in ' + base if base else ''})")
        elif re.fullmatch(r"(reviewprep|flows)(\.\w+)+", code) and not resolves(code):
            missing.append(f"`{code}` (no such module or attribute)")
    assert not missing, f"{doc} names what the repository does not contain: " + ", ".join(missing)


def resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        name = ".".join(parts[:i])
        try:
            found = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            found = None
        if found:
            obj: object = importlib.import_module(name)
            for attr in parts[i:]:
                if not hasattr(obj, attr):
                    return False
                obj = getattr(obj, attr)
            return not isinstance(obj, types.NoneType)
    return False


def prose(path: Path) -> str:
    """What a file says to a reader: all of a text file; a Python file's comments and docstrings."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix != ".py":
        return text
    tree = ast.parse(text)
    docs = [ast.get_docstring(n) or "" for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)]
    comments = [tok.string for tok in tokenize.generate_tokens(io.StringIO(text).readline)
                if tok.type == tokenize.COMMENT]
    return "\n".join(docs + comments)


def test_markdown_files_named_anywhere_exist():
    """A `*.md` file named in a doc, config file, comment or docstring is in the repository."""
    files, _ = tracked()
    names = {f.rsplit("/", 1)[-1] for f in files} | {p.name for p in REPO.rglob("*.md") if ".venv" not in p.parts}
    missing = set()
    for f in files:
        if f.endswith((".py", ".md", ".yaml", ".yml", ".toml", ".j2", ".cfg", ".txt")) or f == "Makefile":
            for name in re.findall(r"[\w./-]*\w\.md\b", prose(REPO / f)):
                if name.rsplit("/", 1)[-1] not in names:
                    missing.add(f"{f}: {name}")
    assert not missing, (f"these name markdown files the repository does not contain (say the thing "
                         f"itself, or link a page that exists): {sorted(missing)}")


# ---- benchmark figures --------------------------------------------------------------


def test_benchmark_figures_are_the_last_run():
    """docs/benchmarks.md quotes the figures of bench/results/latest.md, not an older run."""
    latest = (REPO / "bench" / "results" / "latest.md").read_text(encoding="utf-8")
    run_date = re.search(r"\((\d{4}-\d{2}-\d{2})\)", latest.splitlines()[0]).group(1)
    section = page(DOCS / "benchmarks.md").sections_naming("Last run")[0]
    assert run_date in section.text, (
        f"bench/results/latest.md is the run of {run_date}: copy its figures into '## Last run' "
        f"in docs/benchmarks.md and give its date")
    figures = {line.split("|")[i].strip() for line in section.text.splitlines() if line.startswith("|")
               for i in range(2, line.count("|"))}
    figures = {f for f in figures if re.fullmatch(r"[\d,.]+", f)}
    stale = sorted(f for f in figures if not re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d,]|\.\d)", latest))
    assert not stale, (
        f"docs/benchmarks.md quotes {', '.join(stale)}, which bench/results/latest.md does not contain: "
        f"copy the figures of the last full `make bench` into '## Last run' in docs/benchmarks.md")
