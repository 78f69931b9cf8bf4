"""The key footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual asks the footer to rebuild up to three times per focus change, ~20 ms each; most change nothing."""

    _shown: tuple[object, ...] | None = None

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        shown = self._keys_shown()
        if shown != self._shown:
            self._shown = shown
            await super().recompose()

    def _keys_shown(self) -> tuple[object, ...]:
        """Everything `Footer.compose` reads, so equal values mean an identical footer."""
        keys = tuple(
            (binding.key, binding.description, binding.action, binding.show, binding.group, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
        )
        return (self._bindings_ready, self.compact, self.show_command_palette, self.combine_groups, keys)
