"""The Liaocheng demo (`eqiao load_demo`): the office tree, staff for every role, the 2026–2027
holidays, the emergency plan templates, and a few months of petitions told through the real
intake services, so every screen of `make run` has something to show.

Modules: `offices` (the tree), `staff` (logins), `holidays`, `topics`/`topics_legal` (what
people write about), `stories` (the source document's cases), `generate` (the bulk),
`script` (plays a petition's steps through the services) and `timeline` (back-dating).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.db import transaction
from django.db.models import F, Max
from django.test.utils import override_settings
from django.utils import timezone, translation

from eqiao.channels.models import MessageStatus as SmsStatus
from eqiao.channels.models import OutboundMessage as OutboundSms
from eqiao.core.models import AuditEntry, Notification, User
from eqiao.demo.appointments import appointments_create
from eqiao.demo.cases import cases_create
from eqiao.demo.context import Context
from eqiao.demo.disclosure import disclosure_demo_create
from eqiao.demo.followups import followups_demo_create
from eqiao.demo.generate import scripts_generate
from eqiao.demo.holidays import holidays_ensure
from eqiao.demo.knowledge import knowledge_demo_load
from eqiao.demo.offices import offices_create
from eqiao.demo.opinion import opinion_demo_create
from eqiao.demo.publishing import publishing_demo_create
from eqiao.demo.script import DEMO_QUERY_PASSWORD, script_run
from eqiao.demo.staff import DEMO_PASSWORD, NamePool, staff_create_all
from eqiao.demo.stories import story_scripts
from eqiao.demo.surveys import surveys_demo_create
from eqiao.demo.timeline import TimeMachine, WorkingHours
from eqiao.demo.wechat import wechat_demo_create
from eqiao.intake.models import Petition
from eqiao.intake.services.query_password import query_password_hash
from eqiao.intake.services.risk import emergency_plan_templates_ensure
from eqiao.offices.models import Level, Procuratorate

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_QUERY_PASSWORD",
    "DEMO_TODAY",
    "demo_is_loaded",
    "demo_load",
    "demo_now",
]

DEFAULT_PETITIONS = 180
# The demo's "today" for tests and reproducible screenshots (`load_demo --today 2026-11-30`):
# inside the holidays the demo ships (2026–2027), with petitions from August on. `make run`
# loads at the real date instead, so a newcomer sees a queue of this week's work.
DEMO_TODAY = dt.date(2026, 11, 30)
# The demo's present on its "today": mid-afternoon, offices open, the day's work under way.
DEMO_TIME = dt.time(16, 30)
# The office tree and its staff were set up this long before the demo's present.
SETUP_AGE = dt.timedelta(days=365)
SEED = 2015
# Hashing ~100 staff passwords and ~200 query passwords at full strength would take minutes:
# the demo hashes with MD5 while loading, then stores one real hash of each public password.
_FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PUBLIC_HASH_ITERATIONS = 20_000
# Nothing is sent while loading: the demo's receipts and alerts are history, not news.
_NO_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@dataclass(frozen=True)
class DemoSummary:
    offices: int
    staff: int
    petitions: int
    holidays: int


def demo_is_loaded() -> bool:
    """The marker: a city office exists (the demo's, or a real deployment's — either way the
    demo must not be loaded on top of it)."""
    return Procuratorate.objects.filter(level=Level.CITY).exists()


def demo_now(today: dt.date) -> dt.datetime:
    """The demo's present on `today`: DEMO_TIME in the project's time zone."""
    return timezone.make_aware(dt.datetime.combine(today, DEMO_TIME))


def demo_load(
    *, now: dt.datetime, petitions: int = DEFAULT_PETITIONS, seed: int = SEED
) -> DemoSummary | None:
    """Load the demo once, as it stands at `now` (every petition is dated before it, clocks
    and statuses are as of then); returns None when an office tree is already there.
    `petitions` is the total, the source document's stories included. The same `now` and
    `seed` give the same demo on any day the load runs. Runs in one transaction."""
    if demo_is_loaded():
        return None
    staff_hash = _public_hash(DEMO_PASSWORD)
    query_hash = query_password_hash(DEMO_QUERY_PASSWORD)
    with (
        translation.override("zh-hans"),
        override_settings(PASSWORD_HASHERS=_FAST_HASHERS, TASKS=_NO_TASKS),
        transaction.atomic(),
    ):
        if demo_is_loaded():  # another load won the race
            return None
        first_sms, first_note = _max_pk(OutboundSms), _max_pk(Notification)
        first_audit = _max_pk(AuditEntry)
        holidays = holidays_ensure()
        emergency_plan_templates_ensure()
        tree = offices_create()
        cast = staff_create_all(tree, NamePool())
        # Creating offices and staff is audited at the wall clock; date it before the history.
        AuditEntry.objects.filter(pk__gt=first_audit).update(at=now - SETUP_AGE)
        rng = random.Random(seed)
        ctx = Context(
            tree=tree,
            cast=cast,
            rng=rng,
            hours=WorkingHours(rng),
            now=now,
            names=NamePool(start=len(cast.by_username)),
        )
        scripts = story_scripts(ctx)
        scripts += scripts_generate(ctx, max(petitions - len(scripts), 0))
        machine = TimeMachine(now=now)
        with machine.recording():
            ids = [script_run(script, machine=machine, now=now).petition.pk for script in scripts]
        machine.apply()
        cases_create(ctx)
        appointments_create(ctx)
        User.objects.filter(staff__in=cast.by_username.values()).update(password=staff_hash)
        Petition.objects.filter(pk__in=ids).update(query_password_hash=query_hash)
        publishing_demo_create(tree=tree, cast=cast, now=now)
        disclosure_demo_create(ctx)
        followups_demo_create(ctx)
        wechat_demo_create()
        knowledge_demo_load(now=now)
        opinion_demo_create(now=now)
        surveys_demo_create(ctx)
        _tidy(first_sms=first_sms, first_note=first_note, now=now)
    return DemoSummary(
        offices=1 + len(tree.counties) + len(tree.outposts),
        staff=len(cast.by_username),
        petitions=len(ids),
        holidays=holidays,
    )


def _public_hash(password: str) -> str:
    """A hash of a password printed in the banner: with PBKDF2, fewer rounds (a second of
    hashing protects nothing here; Django re-hashes at full strength on the first login)."""
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=PUBLIC_HASH_ITERATIONS)
    return make_password(password)


def _max_pk(model) -> int:
    return model.objects.aggregate(m=Max("pk"))["m"] or 0


def _tidy(*, first_sms: int, first_note: int, now: dt.datetime) -> None:
    """The demo's SMS count as delivered long ago (so the worker sends none of them), and
    notifications older than two days as read, as a working office's would be."""
    OutboundSms.objects.filter(pk__gt=first_sms).update(
        status=SmsStatus.SENT,
        attempts=1,
        provider_id="demo",
        sent_at=F("created_at") + dt.timedelta(seconds=4),
    )
    Notification.objects.filter(
        pk__gt=first_note, created_at__lt=now - dt.timedelta(days=2)
    ).update(read_at=F("created_at") + dt.timedelta(hours=2))
