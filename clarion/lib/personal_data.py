"""Where personal data lives outside the declaration: a registry for "download
my data" and "erase me".

Each app that keeps something about a mailbox (an RSVP, an event proposal …)
registers, in its AppConfig.ready(), one function that exports what it holds
and one that erases it. Both take the canonical address (clarion.lib.emails):

    personal_data.register("events", label=_("Events"), export=privacy.export, erase=privacy.erase)

`export(canonical)` returns JSON-ready data, or something empty when the app
holds nothing; `erase(canonical)` removes or anonymises it and returns how many
records it changed. The privacy pages (clarion.supporters) only talk to this
module, so they need not know which apps exist (a registry: lib, and the
supporters app below the others, must not import the apps that hold data).
"""

_holders = {}
_labels = {}


def register(name, *, label, export, erase):
    """`label` names the records for the person, e.g. _("Events and registrations")."""
    if name in _holders and _holders[name] != (export, erase):
        raise ValueError(f"two apps register personal data as {name!r}: one would hide the other")
    _holders[name] = (export, erase)
    _labels[name] = label


def labels(found):
    """The labels of the apps in an export() result, for a page."""
    return [_labels.get(name, name) for name in found]


def export(canonical):
    """{app name: its data} for every app that holds something about this address."""
    found = {}
    for name, (exporter, _eraser) in _holders.items():
        data = exporter(canonical)
        if data:
            found[name] = data
    return found


def holds_any(canonical):
    return any(exporter(canonical) for exporter, _eraser in _holders.values())


def erase(canonical):
    """{app name: records changed}; call inside the caller's transaction."""
    return {name: eraser(canonical) for name, (_exporter, eraser) in _holders.items()}


def stored_addresses(canonical):
    """The addresses as the apps stored them for this mailbox: a link goes to
    one of these, never to whatever was typed into a form."""
    from clarion.lib import emails

    found = set()

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif isinstance(value, str) and "@" in value and len(value) <= 254:
            try:
                if emails.canonical(value) == canonical:
                    found.add(value)
            except emails.EmailError:
                pass

    walk(export(canonical))
    return sorted(found)
