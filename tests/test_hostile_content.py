"""Content is untrusted: escape sequences written as YAML escapes never reach a terminal, whatever the field."""

from __future__ import annotations

import io
import json
import re
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from benchmarks.terminal import PtyScreen
from tests.conftest import WriteFiles
from tui.cli.main import main
from tui.model import ItemKey, Kind, load_knowledge_base

# Every way a double-quoted YAML string can spell ESC, CSI or BEL (issue #16).
SPELLINGS = {"e": r"\e", "x1b": r"\x1b", "u001b": r"\u001b", "x9b": r"\x9b", "a": r"\a", "u009b": r"\u009b"}
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


def payload(esc: str) -> str:
    """Clipboard write (OSC 52), window title (OSC 0), clear screen, SGR blink and a hyperlink, each led by `esc`."""
    return (f"Safe {esc}]52;c;cHduZWQ={esc}\\\\ {esc}]0;pwned\\a {esc}[2J{esc}[5m {esc}]8;;http://evil.example{esc}"
            f"\\\\ words")


def hostile_files(esc: str) -> dict[str, str]:
    """One item of every kind with the payload in every field type: scalars, list elements, nested mappings, keys."""
    bad = payload(esc)
    return {
        "glossary/grpo.md": (
            f'---\ntype: term\nid: "grpo"\ntitle: "GRPO {bad}"\naliases: ["group relative {bad}"]\n'
            f'short: "{bad}"\nepisodes: ["E001"]\n---\nUsed in E001.\n'
        ),
        "episodes/E001.md": (
            f'---\ntype: episode\nid: "E001"\nnumber: 1\ntitle: "First {bad}"\ndate: "2026-05-02"\n'
            f'duration_min: 22\npaper: "2605.00001"\ntakeaways:\n  - "{bad}"\n'
            f'chapters:\n  - {{t: "00:00", title: "{bad}"}}\n"{esc}[2Jodd key": "{bad}"\n---\nA summary.\n'
        ),
        "topics/sample-topic.md": (
            f'---\ntype: topic\nid: "sample-topic"\ntitle: "Sample {bad}"\nkind: literature-review\n'
            f'episode_count: 2\nanchors:\n  - {{episode: "E001", blurb: "{bad}"}}\n'
            f'  - {{episode: "E002", blurb: "Second."}}\nglossary: ["grpo"]\n---\n## First section\n\n'
            "GRPO agrees on most tokens E001 and E002.\n"
        ),
        "hubs/alpha-hub.md": (
            f'---\ntype: hub\nid: "alpha-hub"\ntitle: "Alpha {bad}"\nsections:\n'
            f'  - title: "Batch {bad}"\n    entries: ["note:first-note", "note:{bad}"]\n---\nA hub.\n'
        ),
        "notes/first-note.md": (
            f'---\ntype: note\nid: "first-note"\ntitle: "First note {bad}"\nabstract: "{bad}"\n'
            f'related: ["note:second-note"]\nsource: {{url: "https://example.org/{bad}"}}\n---\nBody.\n'
        ),
        "papers/2605.00001.md": (
            f'---\ntype: paper\nid: "2605.00001"\ntitle: "Paper {bad}"\narxiv: "2605.00001"\n'
            f'url: "https://arxiv.org/abs/2605.00001{bad}"\n---\nThe paper behind E001.\n'
        ),
    }


def cli(*args: str) -> str:
    """Run a command in this process and return everything it printed, both streams."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        main(list(args))
    return out.getvalue() + err.getvalue()


def assert_clean(text: str, where: str) -> None:
    found = CONTROL.search(text)
    assert found is None, f"{where}: control character {found.group()!r} at {found.start()}: {text[:found.start()]!r}"


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_yaml_escapes_reach_no_command_output(write_kb: WriteFiles, spelling: str) -> None:
    root = str(write_kb(hostile_files(spelling)))
    kb = load_knowledge_base(Path(root))
    for item in kb:
        for form in ("text", "md", "json"):
            assert_clean(cli("--content", root, "show", f"{item.kind.namespace}:{item.id}", "--format", form),
                         f"show {item.id} --format {form}")
    for query in ("pwned", "words", "safe"):
        assert_clean(cli("--content", root, "search", query), f"search {query}")
        assert_clean(cli("--content", root, "search", query, "--json"), f"search {query} --json")
    assert_clean(cli("--content", root, "check"), "check")
    assert_clean(cli("--content", root, "list"), "list")


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_every_parsed_string_is_sanitised_and_the_removal_is_warned(write_kb: WriteFiles, spelling: str) -> None:
    root = write_kb(hostile_files(spelling))
    kb = load_knowledge_base(root)
    episode = kb.get(ItemKey(Kind.EPISODE, "E001"))
    assert episode is not None and episode.title.startswith("First Safe ]52;c;cHduZWQ=")
    for item in kb:
        assert_clean(repr(item), f"{item.id} as loaded")
    warned = {(Path(d.path).name, d.line) for d in kb.diagnostics if "decoded from YAML escapes" in d.message}
    assert ("E001.md", 5) in warned  # the first field that held an escape: the title
    assert ("first-note.md", 4) in warned


def test_a_file_name_with_escapes_is_printed_clean(write_kb: WriteFiles) -> None:
    root = write_kb({"notes/\x1b]0;pwned\x07x.md": '---\ntype: note\nid: "x"\ntitle: "t"\n---\n'})
    printed = cli("--content", str(root), "check")
    assert "]0;pwnedx.md:3: error: id 'x' must equal the file name ']0;pwnedx'" in printed
    assert_clean(printed, "check")
    listed = json.loads(cli("--content", str(root), "check", "--json"))
    assert_clean(json.dumps(listed, ensure_ascii=False), "check --json")


class RawFeed:
    """Keeps every byte the reader wrote, beside the emulated screen it feeds."""

    def __init__(self, stream: object) -> None:
        self.stream = stream
        self.raw = bytearray()

    def feed(self, data: bytes) -> None:
        self.raw += data
        self.stream.feed(data)  # type: ignore[attr-defined]


@pytest.mark.parametrize("spelling", [r"\e", r"\x9b"], ids=["e", "x9b"])
def test_the_reader_on_a_pty_writes_none_of_the_payload(write_kb: WriteFiles, tmp_path: Path, spelling: str) -> None:
    root = write_kb(hostile_files(spelling))
    env = {"XDG_STATE_HOME": str(tmp_path / "state"), "HUBREADER_CACHE": str(tmp_path / "cache")}
    with PtyScreen([sys.executable, "-m", "tui", "--content", str(root), "open", "E001"], env=env) as terminal:
        feed = RawFeed(terminal.stream)
        terminal.stream = feed  # type: ignore[assignment]
        terminal.wait_for(lambda screen: "]52;c;cHduZWQ=" in screen and "[2J[5m" in screen)
        terminal.send("\x1b[Z")  # Shift+Tab onto the last link, then follow nothing: draw the highlight too
        terminal.wait_for(lambda screen: "words" in screen)
    raw = bytes(feed.raw)
    for marker in (b"\x1b]52", b"\x1b]0;", b"\xc2\x9b", b"\x9b", b"\x1b]8;;http://evil", b"\x1b[2J\x1b[5m"):
        assert marker not in raw, f"{marker!r} reached the terminal"
