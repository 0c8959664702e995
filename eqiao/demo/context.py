"""What the demo's petition builders share: the tree, the staff, the seeded randomness, the
office hours, the moment the load started, and how a petition travels the tree."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from eqiao.demo.offices import Tree
from eqiao.demo.script import Script
from eqiao.demo.staff import Cast, NamePool
from eqiao.demo.timeline import WorkingHours
from eqiao.offices.models import Procuratorate


@dataclass
class Context:
    tree: Tree
    cast: Cast
    rng: random.Random
    hours: WorkingHours
    now: dt.datetime
    names: NamePool

    def path(self, start: Procuratorate, end: Procuratorate) -> list[Procuratorate]:
        """The offices a petition passes from `start` to `end`, one tree step at a time
        (up to the common ancestor, then down), both ends excluded from the start."""
        up: list[Procuratorate] = []
        node = start
        while not end.is_within(node):
            node = node.parent
            up.append(node)
        down: list[Procuratorate] = []
        node = end
        while node.pk != (up[-1].pk if up else start.pk):
            down.append(node)
            node = node.parent
        return up + list(reversed(down))

    def route_along(self, script: Script, end: Procuratorate, at: dt.datetime) -> dt.datetime:
        """Add the route steps that carry the petition from where it was submitted to `end`,
        each by whoever takes petitions in at the office holding it. Returns the last time."""
        holder = script.submit_to
        for target in self.path(holder, end):
            at = self.hours.after(at, hours=self.rng.uniform(0.2, 3))
            upward = target.pk == holder.parent_id
            reason = (
                f"该事项应由{target.short_name}办理，报送上级院。"
                if upward
                else f"按属地管辖，转{target.short_name}办理。"
            )
            script.then(at, "route", self.cast.receiver(holder), to=target, reason=reason)
            holder = target
        return at
