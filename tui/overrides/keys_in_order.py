"""Keys typed in one burst (one read over SSH) act in the order they were typed: a widget's own bindings run as
their key arrives, where Textual would run them only once the key has bubbled up to the app, after the letters
read right behind it had gone in (test_editing_keys_keep_their_order_when_typed_in_one_burst,
test_editing_keys_in_the_prompt_keep_their_order_in_one_burst, test_f_and_a_label_in_one_burst_follow_the_link)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import Input

RELIES_ON = {
    # Where a node's own bindings are made (`_bindings`, from BINDINGS, with no keymap applied).
    "textual.dom:DOMNode.__init__": "92386cf024a399a8",
    # A key's non-priority bindings run here, on the app, once the key has bubbled up to it...
    "textual.app:App._on_key": "4746803647599ac2",
    # ...from the focused widget up, each node's `_bindings` (a keymap applied to a copy in Screen._binding_chain).
    "textual.app:App._check_bindings": "c9643552d942518a",
    "textual.screen:Screen._binding_chain": "003c1b578e69d2cf",
    # What an Input does with a key the mixin leaves to it: types a printable one in and stops it.
    "textual.widgets._input:Input._on_key": "55068e7ce456e598",
}

if TYPE_CHECKING:
    _Input = Input
else:
    _Input = object


def own_bindings(node: DOMNode, key: str) -> Sequence[Binding]:
    """The bindings `node` itself declares for `key`, as declared: a keymap does not reach them."""
    return node._bindings.key_to_bindings.get(key, ())


class KeysInOrder(_Input):
    """Mixed into an Input before it: a key bound on the box itself (Backspace, Ctrl+U, Up...) runs its action as
    it arrives, so it neither overtakes nor is overtaken by the letters around it; any other key is the Input's."""

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for binding in own_bindings(self, event.key):
                if await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)
