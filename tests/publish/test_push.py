"""newspack push, through a recording stand-in for huggingface_hub's HfApi (no network)."""

import shutil
from types import SimpleNamespace

import pytest
from huggingface_hub import CommitOperationAdd, CommitOperationDelete
from huggingface_hub.errors import RepositoryNotFoundError

from newspack.build import build
from newspack.config import Config
from newspack.errors import NewspackError
from newspack.publish.push import push


class RecordingApi:
    """The HfApi methods push uses; it remembers calls and keeps a tiny repo state."""

    def __init__(self, exists=False, tags=(), files=()):
        self.calls = []
        self.exists, self.tags, self.files = exists, set(tags), set(files)

    def list_repo_refs(self, repo_id, repo_type):
        self.calls.append(("list_repo_refs", repo_id, repo_type))
        if not self.exists:
            raise RepositoryNotFoundError("404", response=SimpleNamespace(
                status_code=404, headers={}, request=None, url=""))
        return SimpleNamespace(tags=[SimpleNamespace(name=t) for t in sorted(self.tags)])

    def list_repo_files(self, repo_id, repo_type):
        return sorted(self.files)

    def create_repo(self, repo_id, repo_type, private, exist_ok):
        self.calls.append(("create_repo", repo_id, repo_type, private))
        self.exists = True

    def create_commit(self, repo_id, operations, repo_type, commit_message):
        self.calls.append(("create_commit", repo_id, commit_message, operations))
        for op in operations:
            if isinstance(op, CommitOperationAdd):
                self.files.add(op.path_in_repo)
            else:
                self.files.discard(op.path_in_repo)
        return SimpleNamespace(oid=f"sha-{len(self.calls)}")

    def create_tag(self, repo_id, tag, revision, repo_type, tag_message):
        self.calls.append(("create_tag", repo_id, tag, revision))
        self.tags.add(tag)


@pytest.fixture
def two_versions(corpus, tmp_path):
    out = tmp_path / "d"
    build([str(corpus)], out, Config(), progress=False)
    shutil.move(corpus / "000_7b17a11f50f85528.txt", tmp_path / "gone.txt")
    build([str(corpus)], out, Config(), progress=False)
    return out


def test_each_missing_version_is_one_commit_and_one_tag_oldest_first(two_versions):
    api = RecordingApi()
    releases, _ = push(two_versions, "org/news", api=api, private=True)
    assert [r.version for r in releases] == ["1.0.0", "2.0.0"]
    kinds = [c[0] for c in api.calls]
    assert kinds == ["list_repo_refs", "create_repo", "create_commit", "create_tag",
                     "create_commit", "create_tag"]
    assert api.calls[1] == ("create_repo", "org/news", "dataset", True)
    first, second = api.calls[2], api.calls[4]
    assert first[2] == "Release v1.0.0" and second[2] == "Release v2.0.0"
    paths = {op.path_in_repo for op in first[3]}
    assert {"README.md", "manifest.json", "data/nn/train-00000-of-00001.parquet"} <= paths
    deleted = [op.path_in_repo for op in second[3] if isinstance(op, CommitOperationDelete)]
    assert deleted == ["audit/nn/train-00000-of-00001.parquet",  # v2 has no Nynorsk
                       "data/nn/train-00000-of-00001.parquet",
                       "signatures/nn/train-00000-of-00001.parquet"]
    assert api.calls[3][2:] == ("v1.0.0", "sha-3") and api.calls[5][2] == "v2.0.0"


def test_versions_already_tagged_are_skipped_and_dry_run_pushes_nothing(two_versions):
    api = RecordingApi(exists=True, tags={"v1.0.0"}, files={"README.md", ".gitattributes"})
    releases, text = push(two_versions, "org/news", dry_run=True, api=api)
    assert [r.version for r in releases] == ["2.0.0"]
    assert "commit 'Release v2.0.0'" in text and "tag v2.0.0" in text
    assert [c[0] for c in api.calls] == ["list_repo_refs"]
    releases, text = push(two_versions, "org/news", api=RecordingApi(
        exists=True, tags={"v1.0.0", "v2.0.0"}))
    assert releases == [] and "nothing to push" in text


def test_token_never_appears_in_output(two_versions, monkeypatch, capsys):
    from newspack import cli

    token = "hf_SECRETSECRETSECRET"
    monkeypatch.setenv("HF_TOKEN", token)
    monkeypatch.setattr("huggingface_hub.HfApi", lambda *a, **k: RecordingApi())
    assert cli.main(["push", str(two_versions), "--repo-id", "org/news", "--dry-run"]) == 0
    out = capsys.readouterr()
    assert token not in out.out + out.err and "Release v1.0.0" in out.out
    for path in two_versions.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".md", ".jsonl"):
            assert token not in path.read_text()


def test_hub_errors_are_one_clear_line(two_versions):
    class Broken(RecordingApi):
        def create_commit(self, *a, **k):
            raise OSError("connection refused")

    with pytest.raises(NewspackError, match="push to org/news failed: OSError"):
        push(two_versions, "org/news", api=Broken())

    class ConnectError(Exception):  # what httpx raises offline: not an OSError
        pass

    class Offline(RecordingApi):
        def list_repo_refs(self, *a, **k):
            raise ConnectError("[Errno -2] Name or service not known")

    with pytest.raises(NewspackError, match="ConnectError: .*is the Hub reachable"):
        push(two_versions, "org/news", dry_run=True, api=Offline())
