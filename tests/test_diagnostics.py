"""Every diagnostic the loader and validator produce, with its exact file and line."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import WriteFiles
from tui.cli.commands import content_error_warning
from tui.model import ItemKey, Kind, Level, load_knowledge_base


def findings(root: Path, name: str) -> list[tuple[int, str, str]]:
    kb = load_knowledge_base(root)
    return sorted((d.line, d.level.value, d.message) for d in kb.diagnostics if d.path.endswith(name))


def note(front: str, body: str = "Body.") -> str:
    return f"---\ntype: note\n{front}\n---\n{body}\n"


def test_unparseable_front_matter_reports_the_yaml_line(write_kb: WriteFiles) -> None:
    root = write_kb({"notes/bad.md": note('id: "bad"\ntitle: "x"\nrelated: [unclosed')})
    [(line, level, message)] = findings(root, "bad.md")
    assert level == "error" and message.startswith("unparseable front matter")
    assert line in (5, 6)


def test_missing_front_matter_and_unclosed_front_matter(write_kb: WriteFiles) -> None:
    root = write_kb({"notes/none.md": "just text\n", "notes/open.md": '---\ntype: note\nid: "open"\n'})
    assert findings(root, "none.md") == [(1, "error", "no front matter: the file must start with a line '---'")]
    assert findings(root, "open.md") == [(1, "error", "front matter is not closed: add a line '---' after it")]


def test_missing_required_fields(write_kb: WriteFiles) -> None:
    root = write_kb({"notes/nothing.md": '---\ntype: note\nid: "nothing"\n---\n'})
    assert findings(root, "nothing.md") == [(2, "error", "missing required field: title")]


def test_id_must_equal_file_stem(write_kb: WriteFiles) -> None:
    root = write_kb({"notes/stem.md": note('id: "other"\ntitle: "t"')})
    assert findings(root, "stem.md") == [(3, "error", "id 'other' must equal the file name 'stem'")]


def test_unquoted_arxiv_id_keeps_its_digits(write_kb: WriteFiles) -> None:
    root = write_kb({"papers/2605.06240.md": '---\ntype: paper\nid: 2605.06240\ntitle: "P"\n---\n'})
    kb = load_knowledge_base(root)
    assert kb.get(ItemKey(Kind.PAPER, "2605.06240")) is not None


def test_type_must_match_folder_and_be_known(write_kb: WriteFiles) -> None:
    root = write_kb({"notes/wrong.md": '---\ntype: episode\nid: "wrong"\ntitle: "t"\n---\n',
                     "notes/odd.md": '---\ntype: widget\nid: "odd"\ntitle: "t"\n---\n'})
    assert findings(root, "wrong.md") == [(2, "error", "type 'episode' does not match folder 'notes/'")]
    assert findings(root, "odd.md") == [(2, "error", "type 'widget' does not match folder 'notes/'")]


def test_duplicate_id_across_files(write_kb: WriteFiles) -> None:
    root = write_kb({"notes/first-note.md": note('id: "first-note"\ntitle: "a"')})
    kb = load_knowledge_base(root)
    assert kb.get(ItemKey(Kind.NOTE, "first-note")) is not None
    dup = kb.__class__(kb.of_kind(Kind.NOTE) + kb.of_kind(Kind.NOTE)[:1], [])
    assert any("duplicate id 'first-note'" in d.message and d.level is Level.ERROR for d in dup.diagnostics)


def test_wrong_field_types_point_at_the_field(write_kb: WriteFiles) -> None:
    root = write_kb({"episodes/E005.md": '---\ntype: episode\nid: "E005"\ntitle: "t"\nnumber: "five"\n'
                     "takeaways: not-a-list\nstub: maybe\n---\n"})
    assert findings(root, "E005.md") == [
        (5, "error", "field 'number' must be a whole number, not str"),
        (6, "error", "field 'takeaways' must be a list, not str"),
        (7, "error", "field 'stub' must be true or false, not str"),
    ]


def test_unresolved_links_and_erefs_report_their_lines(write_kb: WriteFiles) -> None:
    body = "Cites E999 here.\n\nAnd [[note:ghost]] plus [[wat:x]]."
    root = write_kb({"notes/links.md": note('id: "links"\ntitle: "t"\nrelated: ["hub:nowhere", "x:y"]', body)})
    assert findings(root, "links.md") == [
        (5, "error", "'x:y' is not a link: write 'note:<id>', 'hub:<id>', 'ep:E026', ..."),
        (5, "error", "unresolved link to hub:nowhere in Related"),
        (7, "error", "unresolved episode reference E999"),
        (9, "error", "unknown link namespace 'wat' in [[wat:x]]: use hub, note, topic, ep, paper or term"),
        (9, "error", "unresolved link to note:ghost"),
    ]


def test_topic_fragment_must_name_a_section(write_kb: WriteFiles) -> None:
    root = write_kb({"notes/frag.md": note('id: "frag"\ntitle: "t"', "See [[topic:sample-topic#nope]].")})
    assert findings(root, "frag.md") == [(6, "error", "link topic:sample-topic#nope: topic has no section 'nope'")]


def test_glossary_unknown_and_unused_terms(write_kb: WriteFiles) -> None:
    root = write_kb({"notes/gl.md": note('id: "gl"\ntitle: "t"\nglossary: ["grpo", "nope"]', "No terms here.")})
    assert findings(root, "gl.md") == [
        (5, "error", "glossary lists unknown term 'nope'"),
        (5, "warning", "unused glossary term 'grpo': the text never mentions it"),
    ]


def test_term_that_nothing_links_is_warned(write_kb: WriteFiles) -> None:
    root = write_kb({"glossary/lonely.md": '---\ntype: term\nid: "lonely"\ntitle: "lonely"\n---\n'})
    assert findings(root, "lonely.md") == [(1, "warning", "glossary term is not linked from any item")]


def test_hub_section_declared_count_mismatch(write_kb: WriteFiles) -> None:
    hub = '---\ntype: hub\nid: "h"\ntitle: "t"\nsections:\n  - title: "S"\n    declared: 1\n    entries: []\n---\n'
    root = write_kb({"hubs/h.md": hub})
    assert findings(root, "h.md") == [(6, "warning", "section 'S' declares 1 but lists 0")]


def test_control_characters_are_stripped_and_warned(write_kb: WriteFiles) -> None:
    root = write_kb({"notes/esc.md": note('id: "esc"\ntitle: "Evil \x1b[2J\x1b]0;pwned\x07 title\x9b"')})
    kb = load_knowledge_base(root)
    item = kb.get(ItemKey(Kind.NOTE, "esc"))
    assert item is not None and item.title == "Evil [2J]0;pwned title"
    assert findings(root, "esc.md") == [(4, "warning", "removed 4 terminal control characters")]


def test_non_utf8_is_an_error_but_the_item_still_loads(write_kb: WriteFiles) -> None:
    root = write_kb({"notes/latin.md": b'---\ntype: note\nid: "latin"\ntitle: "caf\xe9"\n---\n'})
    assert findings(root, "latin.md") == [(4, "error", "not valid UTF-8 (byte 0xe9); bad bytes shown as U+FFFD")]
    item = load_knowledge_base(root).get(ItemKey(Kind.NOTE, "latin"))
    assert item is not None and item.title == "caf\ufffd"


def test_empty_binary_and_huge_files(write_kb: WriteFiles) -> None:
    huge = "x" * (1024 * 1024 + 1)
    root = write_kb({"notes/empty.md": "", "notes/bin.md": b"---\n\x00\x01\x02", "notes/huge.md": huge})
    assert findings(root, "empty.md") == [(1, "error", "empty file: expected front matter starting with '---'")]
    assert findings(root, "bin.md") == [(2, "error", "binary file (NUL byte): not a Markdown item")]
    assert findings(root, "huge.md") == [(1, "error", "file is 1,048,577 bytes; items may be at most 1 MiB")]


def test_symlink_loop_is_a_diagnostic(kb_copy: Path) -> None:
    os.symlink("loop.md", kb_copy / "notes" / "loop.md")
    [(line, level, message)] = findings(kb_copy, "loop.md")
    assert (line, level) == (1, "error") and "symbolic links" in message


def test_one_bad_file_never_stops_the_rest(write_kb: WriteFiles) -> None:
    root = write_kb({"notes/aaa.md": b"\xff\xfe\x00garbage", "notes/zzz.md": note('id: "zzz"\ntitle: "ok"')})
    kb = load_knowledge_base(root)
    assert kb.get(ItemKey(Kind.NOTE, "zzz")) is not None
    assert kb.get(ItemKey(Kind.NOTE, "first-note")) is not None


def test_missing_folder_is_one_error(tmp_path: Path) -> None:
    kb = load_knowledge_base(tmp_path / "absent")
    assert [d.message for d in kb.diagnostics] == ["not a folder: no knowledge base here"]


def test_folder_named_like_an_item_is_not_a_file(kb_copy: Path) -> None:
    (kb_copy / "notes" / "folder.md").mkdir()
    assert findings(kb_copy, "folder.md") == [(1, "error", "not a regular file")]


def test_the_readers_warning_counts_errors_in_plain_english(write_kb: WriteFiles) -> None:
    root = write_kb({"notes/none.md": "just text\n"})
    assert content_error_warning(load_knowledge_base(root)) == "1 content error: run 'hubreader check' for details"
    write_kb({"notes/open.md": '---\ntype: note\nid: "open"\n'})
    assert content_error_warning(load_knowledge_base(root)) == "2 content errors: run 'hubreader check' for details"
