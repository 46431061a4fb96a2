"""Evaluation 3, PII: ``newspack.extract.pii.redact`` on hand-written cases, secrets that
must go and look-alikes that must stay (information only: no target yet)."""

from __future__ import annotations

import importlib
import re
from collections import Counter

from .eval_common import Examples, Figures, note, ratio

# (text, strings that must be gone, strings that must stay). Fødselsnummer and CPR numbers
# carry valid check digits, and no piece of a secret occurs elsewhere in its text
# (tests/scripts/test_eval_extract.py checks both).
PII_CASES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Send tips til ola.nordmann@example.no i dag.", ("ola.nordmann@example.no",), ()),
    ("Kontakt: kari-anne.berg@firma.co.uk eller ring sentralen.",
     ("kari-anne.berg@firma.co.uk",), ()),
    ("Skriv til anna_lindqvist87@gmail.com før 1. mars.", ("anna_lindqvist87@gmail.com",), ()),
    ("E-mail: j.smith+news@post.example.com (svar innen 48 timer)",
     ("j.smith+news@post.example.com",), ()),
    ("Tips oss på tips@vg.no eller på Facebook.", ("tips@vg.no",), ()),
    ("Ring +47 912 34 567 for mer informasjon.", ("+47 912 34 567",), ()),
    ("Ring 22 33 44 55 før kl. 14.30.", ("22 33 44 55",), ("kl. 14.30",)),
    ("Han kan nås på tlf. 98765432 hele dagen.", ("98765432",), ()),
    ("Mobil: 0047 415 55 123", ("0047 415 55 123",), ()),
    ("Ring henne på +46 70 123 45 67 i kväll.", ("+46 70 123 45 67",), ()),
    ("Kundtjänst nås på 08-123 456 78 vardagar.", ("08-123 456 78",), ()),
    ("Ring på +45 33 12 34 56 mellem 9 og 16.", ("+45 33 12 34 56",), ("mellem 9 og 16",)),
    ("Rufen Sie uns unter +49 30 12345678 an.", ("+49 30 12345678",), ()),
    ("Telefon (030) 1234567, Fax (089) 7654321.", ("(030) 1234567", "(089) 7654321"), ()),
    ("Call +44 20 7946 0958 or +1 212-555-0147.", ("+44 20 7946 0958", "+1 212-555-0147"), ()),
    ("Fødselsnummeret hans, 15038520072, ble lagt ut på nett.", ("15038520072",), ()),
    ("Fnr: 010203 50187", ("010203 50187",), ()),
    ("Personnummer 24129930027 sto på lappen.", ("24129930027",), ()),
    ("Søkeren (f.nr. 311270 40039) fikk avslag.", ("311270 40039",), ()),
    ("Jenta med fødselsnummer 05061260082 ble meldt savnet.", ("05061260082",), ()),
    ("Hans CPR-nummer er 010190-2005.", ("010190-2005",), ()),
    ("CPR: 231165-2004, adresse ukendt.", ("231165-2004",), ()),
    ("Cpr.nr. 1408032004 stod på sygesikringskortet.", ("1408032004",), ()),
    ("Kvinden, 300577-2000, blev anholdt i går.", ("300577-2000",), ()),
    ("Ring 22 33 44 55 eller skriv til post@firma.no.", ("22 33 44 55", "post@firma.no"), ()),
    # Look-alikes: none of these is personal data.
    ("Art.nr. 4023117 koster 1 299 kroner.", (), ("4023117", "1 299 kroner")),
    ("Prisen er 4 995,- og fraktfritt over 12 500 kroner.", (), ("4 995,-", "12 500 kroner")),
    ("Billetten koster 349 kr, sesongkortet € 1.299,00.", (), ("349 kr", "€ 1.299,00")),
    ("Publisert 12.03.2016 kl. 14:02", (), ("12.03.2016 kl. 14:02",)),
    ("Møtet holdes 2016-03-12 i Oslo.", (), ("2016-03-12",)),
    ("ISBN 978-82-02-12345-1, utgitt 2015.", (), ("978-82-02-12345-1",)),
    ("ISBN 978-3-16-148410-0", (), ("978-3-16-148410-0",)),
    ("Ordrenummer: 20231145 - takk for bestillingen!", (), ("20231145",)),
    ("Varenummer 123-456-78 er utsolgt.", (), ("123-456-78",)),
    ("Saksnummer 15038520073 (ugyldig kontrollsiffer).", (), ("15038520073",)),
    ("Folketallet var 5 425 270 ved årsskiftet.", (), ("5 425 270",)),
    ("Org.nr. 974 760 673 står i registeret.", (), ("974 760 673",)),
    ("Brann vant 3-1 i 2015-2016-sesongen.", (), ("3-1", "2015-2016")),
    ("Postnummer 0150 Oslo, postboks 4500.", (), ("0150 Oslo", "4500")),
    ("Følg oss på nrk.no/nyheter og @NRK.", (), ("nrk.no/nyheter",)),
)


_PIECE = re.compile(r"[^\W_]{2,}")


def leaked(secret: str, out: str) -> bool:
    """Whether a piece of ``secret`` (2+ letters or digits) is still a word of ``out``.

    Stricter than ``secret in out``: "08-123 456 78" -> "[PHONE] 456 78" leaks.
    """
    return any(re.search(rf"(?<![^\W_]){re.escape(piece)}(?![^\W_])", out)
               for piece in _PIECE.findall(secret))


def eval_pii(examples: Examples) -> Figures | None:
    """Precision and recall of ``newspack.extract.pii.redact``; None while there is none."""
    try:
        pii = importlib.import_module("newspack.extract.pii")
    except ModuleNotFoundError as e:
        if e.name != "newspack.extract.pii":
            raise
        return None
    tally: Counter[str] = Counter()
    for text, secrets, keeps in PII_CASES:
        out, _counts = pii.redact(text)
        for s in secrets:
            missed = leaked(s, out)
            tally["fn" if missed else "tp"] += 1
            if missed:
                note(examples, "PII missed", f"{s!r} in {out!r}")
        for s in keeps:
            kept = s in out
            tally["tn" if kept else "fp"] += 1
            if not kept:
                note(examples, "PII over-redacted", f"{s!r} -> {out!r}")
    return {"cases": len(PII_CASES), **tally,
            "precision": ratio(tally["tp"], tally["tp"] + tally["fp"]),
            "recall": ratio(tally["tp"], tally["tp"] + tally["fn"])}
