"""Duplicate clusters: tiny hand-made clusters in several languages through the corpus
stage, and the rules for what is already published, on synthetic signatures."""

import hashlib
from dataclasses import replace

import numpy as np

from newspack.config import Config, DedupConfig, SplitConfig
from newspack.corpus import dedup
from newspack.corpus.stages import plan
from newspack.extract.signature import DTYPE, signature

# one wire story per language, as paragraphs; each is copied with an edit below
STORIES = {
    "nb": ["Stormen stengte alle ferjene mellom Bergen og Stavanger natt til mandag.",
           "Flesland var stengt i seks timer, og tusen reisende ventet i terminalen.",
           "Politiet ber folk holde seg innendørs og unngå unødvendig kjøring langs kysten.",
           "Over tjue veier i Sogn er stengt av trær som har blåst over kjørebanen.",
           "Meteorologene har sendt ut rødt farevarsel som gjelder fram til tirsdag."],
    "nn": ["Riksvegen gjennom dalen vart stengd sundag etter nye sprekker i fjellsida.",
           "Vegvesenet seier at vegen vil vere stengd i minst ei veke framover.",
           "Fire hundre innbyggjarar kan no berre kome seg ut av dalen med båt.",
           "Skulebarna frå grendene skal få undervisning heime dei første dagane.",
           "Ordføraren vil ta saka om ein ny tunnel opp med statsråden denne veka."],
    "da": ["Omkring fire hundrede havnearbejdere i Aarhus nedlagde mandag arbejdet.",
           "Ingen containerskibe bliver losset, og seks skibe venter uden for havnen.",
           "Fagforbundet kalder strejken ulovlig, men forstår medlemmernes frustration.",
           "Dansk Industri advarer om alvorlige følger for virksomhederne i landet.",
           "Sagen skal tirsdag behandles i Arbejdsretten, som kan idømme en bod."],
    "sv": ["En skogsbrand norr om Rättvik har vuxit till över tvåtusen hektar.",
           "Räddningstjänsten har evakuerat omkring trehundra personer från byarna.",
           "Fyra vattenbombande flygplan deltar i släckningsarbetet under dagen.",
           "Länsstyrelsen har infört totalt eldningsförbud i hela Dalarna i sommar.",
           "Enligt SMHI kan det komma regn först mot slutet av den här veckan."],
    "en": ["The central bank raised its main interest rate to 4.5 per cent on Thursday.",
           "The governor said inflation was falling more slowly than had been expected.",
           "The currency strengthened after the announcement while bank shares fell.",
           "Business groups warned that small firms would be hit hardest by the rise.",
           "The bank will publish its next forecasts in January of the coming year."],
    "de": ["Ein Streik der Lokführer hat am Mittwoch den Fernverkehr lahmgelegt.",
           "Nach Angaben der Bahn fallen rund achtzig Prozent der Fernzüge aus.",
           "Die Gewerkschaft fordert mehr Lohn und eine kürzere Arbeitszeit.",
           "Die Bahn bezeichnete den Streik als unverhältnismäßig und überzogen.",
           "Ein Ende des Arbeitskampfes ist vorerst nicht in Sicht, heißt es."],
}
QUOTE = "«Dette er den kraftigste stormen vi har sett på mange år», sier meteorologen."


def _copies(lang: str) -> dict[str, str]:
    """The story, copies of it with one edit each, and a different story sharing a quote."""
    p = STORIES[lang]
    other = next(v for k, v in STORIES.items() if k != lang)
    return {"original": "\n\n".join(p),
            "local_first_sentence": "\n\n".join(["Også her i byen merket folk det.", *p]),
            "swapped_paragraphs": "\n\n".join([p[0], p[2], p[1], *p[3:]]),
            "appended_correction": "\n\n".join([*p, "Rettelse: en tidligere versjon hadde feil."]),
            "shared_quote": "\n\n".join([*other[:2], QUOTE]),
            "original_with_quote": "\n\n".join([*p, QUOTE])}


def _plan(texts: dict[str, str], config: Config):
    names = sorted(texts)
    sig = np.stack([np.frombuffer(signature(texts[n], config.dedup), DTYPE) for n in names])
    hashes = [hashlib.sha256(texts[n].encode()).hexdigest() for n in names]
    p = plan(names, names, hashes, ["xx"] * len(names), config, sig=sig)
    return dict(zip(names, zip(p.duplicate_of.to_pylist(), p.kinds(), p.similarity.tolist(),
                               p.split_names().to_pylist(), strict=True), strict=True))


def test_edited_copies_join_their_story_and_a_shared_quote_does_not_in_six_languages():
    # short stories: each edit is a large share of them, so the threshold is lower here
    config = replace(Config(), dedup=DedupConfig(threshold=0.6))
    for lang in STORIES:
        got = _plan({f"{lang}-{k}": v for k, v in _copies(lang).items()}, config)
        kept = min(f"{lang}-{k}" for k in ("original", "local_first_sentence",
                                           "swapped_paragraphs", "appended_correction",
                                           "original_with_quote"))
        for name, (dup, kind, sim, _) in got.items():
            if name.endswith("shared_quote"):
                assert dup is None and kind is None, (name, sim)
            elif name == kept:
                assert (dup, kind) == (None, None)
            else:
                assert (dup, kind) == (kept, "near") and 0.5 < sim < 1, (name, sim)
        assert len({split for *_, split in got.values()}) == 1  # all in train


def test_a_cluster_lives_in_one_split():
    config = replace(Config(), splits=SplitConfig(validation=0.3, test=0.3))
    texts = {f"{lang}-{k}": v for lang in STORIES for k, v in _copies(lang).items()
             if k != "shared_quote"}
    got = _plan(texts, replace(config, dedup=DedupConfig(threshold=0.6)))
    for lang in STORIES:
        assert len({got[n][3] for n in got if n.startswith(lang)}) == 1
    assert len({split for *_, split in got.values()}) > 1  # the shares do split the stories


def _sig(rng, base=None, changed=0):
    """A random signature, or ``base`` with ``changed`` of its values replaced."""
    if base is None:
        return rng.integers(0, 1 << 16, 128, dtype=np.uint16)
    out = base.copy()
    out[rng.choice(128, changed, replace=False)] ^= 0x5A5A
    return out


def _clusters(sig, codes, key, frozen):
    return dedup.clusters(np.stack(sig), np.array(codes), np.array(key), np.array(frozen),
                          0.73, 25, 5)


def test_exact_and_near_copies_and_the_kept_one_comes_first_in_the_kept_order():
    rng = np.random.default_rng(1)
    a = _sig(rng)
    sig = [_sig(rng, a, 10), a, a, _sig(rng), _sig(rng, a, 60)]
    c = _clusters(sig, [0, 1, 1, 2, 3], [4, 1, 2, 3, 0], [-1] * 5)
    assert c.kept.tolist() == [1, 1, 1, 3, 4]  # row 4 (55 % alike) stands alone
    assert c.kind.tolist() == [dedup.NEAR, dedup.KEPT, dedup.EXACT, dedup.KEPT, dedup.KEPT]
    assert c.similarity[2] == 1 and 0.85 < c.similarity[0] < 0.95


def test_published_clusters_never_merge_and_a_newcomer_joins_the_earliest():
    rng = np.random.default_rng(2)
    a = _sig(rng)
    # rows 0 and 1: published in two clusters although alike (an earlier threshold);
    # row 2: a newcomer like both; row 3: a newcomer copy of row 2
    sig = [a, _sig(rng, a, 12), _sig(rng, a, 6), _sig(rng, a, 7)]
    c = _clusters(sig, [0, 1, 2, 3], [5, 1, 10, 9], [0, 1, -1, -1])
    assert c.kept.tolist() == [0, 1, 1, 1]  # row 1's cluster: its kept row comes first
    assert c.label[0] != c.label[1]


def test_candidates_are_the_pairs_that_share_a_band():
    rng = np.random.default_rng(7)
    sig = rng.integers(0, 4, size=(300, 6), dtype=np.uint16)  # small values: many shared bands
    bands, rows = 3, 2
    expected = {(i, j) for i in range(300) for j in range(i + 1, 300)
                if any((sig[i, b * rows:(b + 1) * rows] == sig[j, b * rows:(b + 1) * rows]).all()
                       for b in range(bands))}
    subset = np.arange(0, 300, 3)  # every third row, by position in the subset
    small = {(i, j) for i in range(100) for j in range(i + 1, 100) if (3 * i, 3 * j) in expected}
    # runs longer than WINDOW + 1 are paired only WINDOW ahead: keep every run short here
    assert max(np.unique(dedup.band_keys(sig[subset], b, rows), return_counts=True)[1].max()
               for b in range(bands)) <= dedup.WINDOW + 1
    got = dedup.candidates(sig, bands, rows, subset)
    assert {tuple(p) for p in got.tolist()} == small
    assert got.tolist() == sorted(got.tolist())
    assert dedup.candidates(sig[subset], bands, rows).tolist() == got.tolist()
