"""Build configuration: ``newspack.toml``, validated strictly.

An unknown key or a wrong type is a usage error naming the key, so that a typo never
silently falls back to a default. The effective configuration is hashed into the
manifest: same hash, same output.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from newspack.errors import UsageError

DEFAULT_LANGUAGES = ("nb", "nn", "da", "sv", "en", "de")


@dataclass(frozen=True)
class DatasetConfig:
    name: str = "news"
    pretty_name: str = "News articles"
    license: str = "unknown"
    description: str = ""
    url: str = ""  # the dataset's home page (Croissant url, the card)
    creator: str = ""  # the organisation that makes the dataset (Croissant creator)
    citation: str = ""  # how to cite it, BibTeX or text (Croissant citeAs, the card)


@dataclass(frozen=True)
class BuildConfig:
    sources: tuple[str, ...] = ()
    out: str = ""
    workers: int = 0  # 0: one per CPU
    rows_per_shard: int = 50_000
    engine: str = "local"  # local (a process pool) | ray
    ray_address: str = ""  # "": a private Ray for the build; "auto" or HOST:PORT: join one


@dataclass(frozen=True)
class SplitConfig:
    validation: float = 0.0
    test: float = 0.0


@dataclass(frozen=True)
class ExtractConfig:
    min_chars: int = 20  # a cleaned text shorter than this is rejected
    max_input_bytes: int = 50_000_000
    pii: bool = True  # redact e-mail, phone and national id numbers
    filter: str = ""  # keep-expression over record fields; what it drops is listed
    sidecar: str = ""  # CSV or JSONL of metadata keyed by file name or id
    latest_date: str = ""  # ISO date: a later publication date is not believed
    audit_removed: bool = True  # write every removed line to removed_lines.jsonl


@dataclass(frozen=True)
class InputConfig:
    text_field: str = "text"  # JSON/JSONL: the field holding the article text
    id_field: str = "id"  # JSON/JSONL: the field holding the id, when there is one
    max_archive_bytes: int = 2_000_000_000  # unpacked bytes read from one archive
    max_compression_ratio: float = 200.0  # an archive member packed tighter is a bomb


@dataclass(frozen=True)
class LanguageConfig:
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    min_chars: int = 20  # fewer letters than this: und
    threshold: float = 0.5  # confidence below this: und


@dataclass(frozen=True)
class DedupConfig:
    near: bool = True  # near duplicates too (MinHash); exact ones are always marked
    threshold: float = 0.8  # estimated Jaccard of word shingles at which texts are copies
    shingle: int = 5  # words per shingle
    permutations: int = 128  # MinHash values per signature (2 bytes each)

    def signature_settings(self) -> dict:
        """What the signature computed in the worker depends on (the threshold is not:
        it is applied by the corpus stage)."""
        return {"near": self.near, "shingle": self.shingle, "permutations": self.permutations}


@dataclass(frozen=True)
class ExcludeConfig:
    """Removal on request (corpus/exclusions.py): a matching input is rejected, `excluded`."""

    publishers: tuple[str, ...] = ()  # the record's publisher, exactly but for case
    urls: tuple[str, ...] = ()  # globs on the record's url
    ids: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # globs on the source path relative to the source root
    file: str = ""  # more rules, one a line: "publisher: NRK", "url: https://x.no/*", ...


@dataclass(frozen=True)
class Config:
    dataset: DatasetConfig = field(default_factory=DatasetConfig)
    build: BuildConfig = field(default_factory=BuildConfig)
    splits: SplitConfig = field(default_factory=SplitConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    input: InputConfig = field(default_factory=InputConfig)
    language: LanguageConfig = field(default_factory=LanguageConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    exclude: ExcludeConfig = field(default_factory=ExcludeConfig)

    def output_affecting(self) -> dict:
        """The part of the configuration that can change the dataset's bytes (the exclusion
        rules as their number and hash, and only when there are any)."""
        d = asdict(self)
        d["build"] = {"rows_per_shard": self.build.rows_per_shard}
        d["extract"]["sidecar"] = Path(self.extract.sidecar).name if self.extract.sidecar else ""
        del d["exclude"]
        rules = self.exclusion_rules()
        if rules:
            d["exclude"] = {"rules": len(rules), "sha256": rules.sha256()}
        return d

    def exclusion_rules(self):
        from newspack.corpus.exclusions import load

        return load(self.exclude)

    def extract_sha256(self) -> str:
        """Hash of the settings that change what ``extract`` returns (the cache key)."""
        d = asdict(self)
        d["extract"]["sidecar"] = ""  # the sidecar's row is keyed per input instead
        blob = json.dumps([d["extract"], d["language"], self.dedup.signature_settings()],
                          sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()

    def sha256(self) -> str:
        return settings_sha256(self.output_affecting(), rules=True)


def settings_sha256(output_affecting: dict, rules: bool) -> str:
    """Hash of a configuration as ``Config.output_affecting`` (or a manifest's ``config``)
    gives it; ``rules=False`` leaves the exclusion rules out: carrying inputs over does
    not depend on them (carried inputs are checked against the rules anew)."""
    d = output_affecting if rules else {k: v for k, v in output_affecting.items()
                                        if k != "exclude"}
    blob = json.dumps(d, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def _coerce(where: str, value, default):
    """Check value against the type of default; tuples accept TOML arrays."""
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UsageError(f"{where}: expected a list of strings, got {value!r}")
        return tuple(value)
    if isinstance(default, bool) or isinstance(value, bool):
        if type(value) is not type(default):
            raise UsageError(f"{where}: expected {type(default).__name__}, got {value!r}")
        return value
    if isinstance(default, float) and isinstance(value, int):
        return float(value)
    if not isinstance(value, type(default)):
        raise UsageError(f"{where}: expected {type(default).__name__}, got {value!r}")
    return value


def from_dict(data: dict, origin: str = "config") -> Config:
    sections = {}
    for section in fields(Config):
        raw = data.get(section.name, {})
        if not isinstance(raw, dict):
            raise UsageError(f"{origin}: [{section.name}] must be a table")
        default = section.default_factory()
        known = {f.name for f in fields(default)}
        for key in raw:
            if key not in known:
                raise UsageError(f"{origin}: unknown key '{section.name}.{key}' "
                                 f"(known: {', '.join(sorted(known))})")
        values = {k: _coerce(f"{origin}: {section.name}.{k}", v, getattr(default, k))
                  for k, v in raw.items()}
        sections[section.name] = type(default)(**values)
    for key in data:
        if key not in sections:
            raise UsageError(f"{origin}: unknown section [{key}] "
                             f"(known: {', '.join(f.name for f in fields(Config))})")
    config = Config(**sections)
    _check(config, origin)
    return config


def _check(config: Config, origin: str) -> None:
    s = config.splits
    if not (0 <= s.validation < 1 and 0 <= s.test < 1 and s.validation + s.test < 1):
        raise UsageError(f"{origin}: splits.validation and splits.test must be in [0, 1) "
                         "and leave room for train")
    if not 0 <= config.language.threshold <= 1:
        raise UsageError(f"{origin}: language.threshold must be between 0 and 1")
    url = config.dataset.url
    if url and not (url.startswith(("https://", "http://")) and " " not in url):
        raise UsageError(f"{origin}: dataset.url must be an http(s) URL, got {url!r}")
    if config.build.rows_per_shard < 1:
        raise UsageError(f"{origin}: build.rows_per_shard must be >= 1")
    check_engine(config.build, f"{origin}: build.")
    d = config.dedup
    if not 0 < d.threshold <= 1:
        raise UsageError(f"{origin}: dedup.threshold must be in (0, 1]")
    if not 1 <= d.shingle <= 32:
        raise UsageError(f"{origin}: dedup.shingle must be between 1 and 32 words")
    if not 16 <= d.permutations <= 1024:
        raise UsageError(f"{origin}: dedup.permutations must be between 16 and 1024")
    from newspack.extract.dates import find_date
    from newspack.extract.filters import Filter
    from newspack.extract.language import check_codes

    check_codes(config.language.languages, f"{origin}: language.languages")
    if config.extract.filter:
        Filter(config.extract.filter, f"{origin}: extract.filter")
    if config.extract.latest_date and find_date(config.extract.latest_date) is None:
        raise UsageError(f"{origin}: extract.latest_date must be an ISO date like 2024-12-31")
    from newspack.corpus.exclusions import load as load_rules

    load_rules(_replace(config.exclude, file=""), origin)  # the file: once load() knows where


def check_engine(build: BuildConfig, where: str) -> None:
    """``engine`` is local or ray; ``ray_address`` is empty, auto or HOST:PORT."""
    if build.engine not in ("local", "ray"):
        raise UsageError(f"{where}engine must be \"local\" or \"ray\", got {build.engine!r}")
    host, colon, port = build.ray_address.rpartition(":")
    if build.ray_address not in ("", "auto") and not (colon and host and port.isdigit()
                                                      and 0 < int(port) < 65536):
        raise UsageError(f"{where}ray_address must be \"\" (a private Ray), \"auto\" or "
                         f"HOST:PORT, got {build.ray_address!r}")


def load(path: Path) -> Config:
    """Read a TOML file; relative sources, out, sidecar and exclusion rules file resolve
    against its folder."""
    from newspack.corpus.exclusions import load as load_rules

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: configuration file not found (pass --config FILE, or run "
                         "in a folder with newspack.toml, or name SOURCE and --out)") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: not valid TOML: {e}") from None
    config = from_dict(data, str(path))
    base = path.parent
    build = config.build
    sources = tuple(s if "://" in s else str(base / s) for s in build.sources)
    out = str(base / build.out) if build.out else ""
    extract = config.extract
    sidecar = str(base / extract.sidecar) if extract.sidecar else ""
    exclude = config.exclude
    rules_file = str(base / exclude.file) if exclude.file else ""
    config = _replace(config, build=_replace(build, sources=sources, out=out),
                      extract=_replace(extract, sidecar=sidecar),
                      exclude=_replace(exclude, file=rules_file))
    if rules_file:  # a bad or missing rules file is an error now, not after extraction
        load_rules(config.exclude, str(path))
    return config


def _replace(obj, **changes):
    from dataclasses import replace

    return replace(obj, **changes)
