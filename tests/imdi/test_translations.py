"""Every user-facing string reaches the user in Norwegian bokmål: every catalogue is complete,
and its compiled .mo matches the .po."""

import gettext
import re
from pathlib import Path

import pytest

BASE = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p
    for p in BASE.glob("**/locale/nb/LC_MESSAGES/django.po")
    if ".venv" not in p.parts and "var" not in p.parts
)


def _entries(po: Path):
    text = po.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        body = [line for line in lines if not line.startswith("#")]
        context, msgid, msgstrs, current = [], [], [], None
        for line in body:
            if line.startswith("msgctxt "):
                current = context
                line = line[8:]
            elif line.startswith("msgid "):
                current = msgid
                line = line[6:]
            elif line.startswith("msgid_plural "):
                current = None
                continue
            elif line.startswith("msgstr"):
                current = []
                msgstrs.append(current)
                line = line.split(" ", 1)[1]
            if current is not None and line.startswith('"'):
                current.append(line[1:-1])
        ctx = "".join(context)
        key = f"{ctx}\x04{''.join(msgid)}" if context else "".join(msgid)
        yield key, ["".join(s) for s in msgstrs], fuzzy


def test_there_is_a_catalogue_for_each_part():
    parts = {p.relative_to(BASE).parts[0] for p in CATALOGUES}
    assert {"locale", "grants", "casework", "hr", "imdi"} <= parts, parts


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(BASE)))
def test_every_string_is_translated(po):
    untranslated = [
        msgid for msgid, strs, fuzzy in _entries(po) if msgid and (fuzzy or not all(strs))
    ]
    assert not untranslated, f"{len(untranslated)} untranslated in {po}: {untranslated[:10]}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(BASE)))
def test_compiled_catalogue_matches(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run manage.py messages"
    with mo.open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    for msgid, strs, _fuzzy in _entries(po):
        if msgid and len(strs) == 1:
            unescaped = re.sub(r'\\(["\\])', r"\1", msgid).replace("\\n", "\n")
            expected = re.sub(r'\\(["\\])', r"\1", strs[0]).replace("\\n", "\n")
            assert catalogue.gettext(unescaped) == expected, f"{po}: {msgid!r} is stale in the .mo"
