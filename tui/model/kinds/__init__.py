"""The shipped kinds, registered in the order the tree shows them."""

from tui.model.kinds import episode, hub, note, paper, term, topic
from tui.model.kindspec import register

for _module in (hub, topic, episode, term, paper, note):
    register(_module.SPEC)
