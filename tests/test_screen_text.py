"""The timing clients' screen text: redrawing only changed lines must read exactly as pyte's full display."""

from __future__ import annotations

import pyte

from benchmarks.terminal import ScreenText


def test_reads_like_the_full_display_through_wide_characters_erases_and_resizes() -> None:
    screen = pyte.Screen(20, 4)
    stream = pyte.ByteStream(screen)
    text = ScreenText(screen)
    steps = [
        "héllo 世界 ok\r\nsecond line".encode(),
        b"\x1b[2;3Hxx",  # overwrite part of one line only
        b"\x1b[2J\x1b[1;1Hcleared",
        "\x1b[4;19H世".encode(),  # a wide character at the right edge
        "\x1b[3;1H世界ab\x1b[3;2Hx".encode(),  # a write into a wide character's stub
    ]
    for data in steps:
        stream.feed(data)
        assert text.text() == "\n".join(screen.display)
    screen.resize(6, 30)
    stream.feed(b"\x1b[6;1Hbottom")
    assert text.text() == "\n".join(screen.display)
    assert text.text().splitlines()[5].startswith("bottom")
