"""The colour depth a session draws in is the one its options chose (`--colors`), set on the app's console
before anything is drawn (test_colour_depth_reaches_the_console, test_a_console_s_colour_depth_is_what_strips_use).
Rich only takes a depth when a console is made, and Textual makes the app's console itself."""

from __future__ import annotations

from rich.console import COLOR_SYSTEMS, Console

RELIES_ON = {
    # Textual renders every line in the depth held by the console's private `_color_system`.
    "textual.strip:Strip.render": "2ba7a4913a72125d",
}


def use_colour_system(console: Console, name: str) -> None:
    """`name` as Rich names depths: "standard", "256" or "truecolor"."""
    console._color_system = COLOR_SYSTEMS[name]
