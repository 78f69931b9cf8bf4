"""A widget that scrolls by its own extent, an Input by its text's width or an OptionList by its rows, lays nothing
out when the extent changes: the extent changes no widget's size, and the widget scrolls and repaints itself
(test_each_answer_is_one_frame_and_lays_nothing_out, test_a_query_wider_than_the_box_scrolls_with_the_cursor)."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive

RELIES_ON = {
    # Widget declares `virtual_size` with layout: a new extent would lay the whole screen out. Who sets it:
    # the Input on every change of its text, then repaints itself,
    "textual.widgets._input:Input._watch_value": "ffa57a58cea18cc5",
    # the OptionList as its rows change, then updates its scrollbars itself,
    "textual.widgets._option_list:OptionList._update_lines": "fe2bedbdc372598b",
    # and a layout, which is under way already.
    "textual.scroll_view:ScrollView._size_updated": "1606ca15d9392999",
}


class ExtentLaysNothingOut:
    """Mixed in before an Input or an OptionList: its `virtual_size` is Widget's, without the layout or repaint."""

    virtual_size = Reactive(Size(0, 0), layout=False, repaint=False)
