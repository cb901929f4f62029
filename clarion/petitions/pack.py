"""The targets and petitions a content pack ships (targets.yaml, petitions.yaml),
loaded with the rest of the pack, in its transaction (clarion.content.loader.pack_loaded).

A petition is created once, open, addressed to the pack's targets. Loading the
pack again updates it only while it is as the pack last left it: once staff
closed or edited it (text, targets, date), it is theirs and stays as they made
it. A digest's delivery day is a day of the year ("12-10"): the next one on or
after the day the petition is created.
"""

import datetime

from django.utils import timezone

from clarion.content.loader import fingerprint, in_language, texts
from clarion.content.pack_schema import KEY, MACHINE, TEXT
from clarion.content.packs import PackError, line_of, read_file
from clarion.petitions.models import Petition, Target

FILENAME = "petitions.yaml"
SCHEMA = {
    "type": "object",
    "required": ["petitions"],
    "additionalProperties": False,
    "properties": {
        "machine_translated": MACHINE,
        "petitions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "title", "text", "targets", "mode"],
                "additionalProperties": False,
                "properties": {
                    "key": {"type": "string", "pattern": KEY, "maxLength": 80},
                    "title": TEXT,
                    "text": TEXT,
                    "targets": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "string", "pattern": KEY},
                    },
                    "mode": {"enum": [Petition.DIGEST, Petition.PER_SIGNATURE]},
                    "deliver_on": {"type": "string", "pattern": r"^(0[1-9]|1[0-2])-[0-3]\d$"},
                    "goal": {"type": "integer", "minimum": 1},
                },
                "if": {"properties": {"mode": {"const": Petition.DIGEST}}},
                "then": {"required": ["deliver_on"]},
            },
        },
    },
}


def next_day(month_day, today):
    """The next `MM-DD` on or after today (29 February: the next leap year's)."""
    month, day = (int(part) for part in month_day.split("-"))
    for year in range(today.year, today.year + 9):
        try:
            found = datetime.date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    raise ValueError(f"no such day of the year: {month_day}")


def state(petition, target_keys):
    """What the loader compares: the fields the pack sets, and the targets."""
    return fingerprint(
        petition.title,
        petition.text,
        petition.mode,
        petition.deliver_on,
        petition.goal,
        petition.closes_at,
        petition.test_mode,
        petition.machine_translated,
        sorted(target_keys),
    )


def target_keys(petition):
    return list(petition.targets.values_list("key", flat=True))


def load_targets(loader):
    """The pack's targets (targets.yaml), by key; contact details staff added
    (an address, a fax number) are not in the pack and are never overwritten."""
    for item in loader.pack["targets.yaml"]["targets"]:
        source = item.get("source", {})
        loader.upsert(
            Target,
            item["key"],
            {
                "name": in_language(item["name"], "en"),
                "names": texts(item["name"]) if isinstance(item["name"], dict) else {},
                "kind": item["kind"],
                "former": item.get("former", False),
                "organisation": item.get("organisation", ""),
                "country": item.get("country", ""),
                "role": in_language(item.get("role"), "en"),
                "roles": texts(item["role"]) if isinstance(item.get("role"), dict) else {},
                "languages": item.get("languages", []),
                "source_outlet": source.get("outlet", ""),
                "source_date": source.get("date", ""),
            },
        )


def load(sender, loader, **kwargs):
    """pack_loaded receiver: the pack's targets, then its petitions."""
    load_targets(loader)
    path = loader.pack.path / FILENAME
    if not path.exists():
        return
    data, node = read_file(path, SCHEMA)
    known = set(Target.objects.values_list("key", flat=True))
    machine = list(data.get("machine_translated", []))
    now = timezone.now()
    for index, item in enumerate(data["petitions"]):
        missing = [key for key in item["targets"] if key not in known]
        if missing:
            line = line_of(node, ["petitions", index, "targets"])
            raise PackError(f"{path}:{line}: petitions/{index}: unknown targets {missing}")
        petition = Petition.objects.filter(slug=item["key"]).first()
        if petition is not None and state(petition, target_keys(petition)) != petition.pack_hash:
            loader.count(False, changed=False)  # staff's now
            continue
        created = petition is None
        if created:
            # The pack's order is the order of the list of open petitions.
            opens = now - datetime.timedelta(seconds=index)
            petition = Petition(slug=item["key"], opens_at=opens, test_mode=False)
        petition.title = texts(item["title"])
        petition.text = texts(item["text"])
        petition.mode = item["mode"]
        petition.goal = item.get("goal", Petition._meta.get_field("goal").default)
        petition.machine_translated = machine
        month_day = item.get("deliver_on")
        if not month_day:
            petition.deliver_on = None
        elif petition.deliver_on is None or petition.deliver_on.strftime("%m-%d") != month_day:
            petition.deliver_on = next_day(month_day, timezone.localdate(now))
        digest = state(petition, item["targets"])
        if digest == petition.pack_hash:
            loader.count(False, changed=False)
            continue
        petition.pack_hash = digest
        petition.save()
        petition.targets.set(Target.objects.filter(key__in=item["targets"]))
        loader.count(created)
