"""``newspack push``: every version the Hub lacks becomes one commit and one tag.

For each missing version, oldest first, one commit "Release vX.Y.Z" makes the repo's tree
exactly that version's files (its card at the root, so ``load_dataset(repo,
revision="vX.Y.Z")`` loads it), and a tag ``vX.Y.Z`` marks the commit. The token comes
from the environment or huggingface_hub's login cache and is never printed or written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newspack.errors import NewspackError, UsageError
from newspack.publish import takedown
from newspack.store import versions


@dataclass(frozen=True)
class Release:
    version: str
    files: list[str]  # paths inside the version folder = paths in the repo
    delete: list[str]  # repo files that this version does not have


def _version_files(out: Path, version: str) -> list[str]:
    vdir = out / versions.VERSIONS / version
    return sorted(p.relative_to(vdir).as_posix() for p in vdir.rglob("*") if p.is_file())


def plan(out: Path, tags: set[str], repo_files: set[str], only: str | None = None
         ) -> list[Release]:
    """The releases to push: versions without a ``v`` tag on the Hub, oldest first."""
    published = versions.version_dirs(out)
    if not published:
        raise UsageError(f"{out}: no published versions to push")
    if only is not None:
        only = only.removeprefix("v")
        if only not in published:
            raise UsageError(f"{out}: no version {only} (published: {', '.join(published)})")
    releases = []
    current = set(repo_files)
    for version in published:
        if f"v{version}" in tags or (only is not None and version != only):
            continue
        files = _version_files(out, version)
        releases.append(Release(version, files, sorted(current - set(files) - {".gitattributes"})))
        current = set(files)
    return releases


def describe(releases: list[Release], repo_id: str) -> str:
    if not releases:
        return f"{repo_id}: every version is already on the Hub; nothing to push"
    lines = [f"push to {repo_id} (dataset):"]
    for r in releases:
        lines.append(f"  commit 'Release v{r.version}': {len(r.files)} files"
                     + (f", delete {len(r.delete)}" if r.delete else "")
                     + f"; tag v{r.version}")
    return "\n".join(lines)


def push(out: Path, repo_id: str, version: str | None = None, dry_run: bool = False,
         private: bool = False, api=None) -> tuple[list[Release], str]:
    """Push missing versions; ``api`` is an ``HfApi`` (a test double in tests)."""
    if api is None:
        from huggingface_hub import HfApi

        api = HfApi()
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete
    from huggingface_hub.errors import RepositoryNotFoundError

    try:
        try:
            refs = api.list_repo_refs(repo_id, repo_type="dataset")
            tags = {t.name for t in refs.tags}
            repo_files = set(api.list_repo_files(repo_id, repo_type="dataset"))
            exists = True
        except RepositoryNotFoundError:
            tags, repo_files, exists = set(), set(), False
        releases = plan(out, tags, repo_files, version)
        text = describe(releases, repo_id)  # and what the Hub keeps once they are pushed:
        text = "\n".join([text, *takedown.warnings(out, tags | {r.version for r in releases})])
        if dry_run or not releases:
            return releases, text
        if not exists:
            api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
        for r in releases:
            vdir = out / versions.VERSIONS / r.version
            ops = [CommitOperationAdd(path_in_repo=f, path_or_fileobj=str(vdir / f))
                   for f in r.files]
            ops += [CommitOperationDelete(path_in_repo=f) for f in r.delete]
            info = api.create_commit(repo_id, operations=ops, repo_type="dataset",
                                     commit_message=f"Release v{r.version}")
            api.create_tag(repo_id, tag=f"v{r.version}", revision=info.oid,
                           repo_type="dataset", tag_message=f"newspack dataset v{r.version}")
    except UsageError:
        raise
    except Exception as e:  # any failure of the Hub client (httpx's errors are no OSErrors)
        first = str(e).splitlines()[0] if str(e) else ""
        raise NewspackError(f"push to {repo_id} failed: {type(e).__name__}: {first} "
                            "(is the Hub reachable? versions already tagged stay; rerun to "
                            "push the rest)") from None
    return releases, text
