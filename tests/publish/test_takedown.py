"""newspack push warns that earlier revisions on the Hub still hold the documents a newer
version removed on request, and names them (through test_push's recording Hub double)."""

import shutil

import pytest
from test_push import RecordingApi

from newspack.build import build
from newspack.cli import main
from newspack.config import Config, ExcludeConfig
from newspack.publish.push import push
from newspack.publish.takedown import removals

DW = Config(exclude=ExcludeConfig(publishers=("DW",)))


@pytest.fixture
def removed_on_request(corpus, tmp_path):
    """1.0.0 with every seed, 1.1.0 with one more, 2.0.0 without DW's article."""
    out = tmp_path / "d"
    build([str(corpus)], out, Config(), progress=False)
    text = (corpus / "003_4afb50867eb46622.txt").read_text(encoding="utf-8")
    (corpus / "100_00000000000000aa.txt").write_text("Ny sak\n\n" + text[::-1], encoding="utf-8")
    build([str(corpus)], out, Config(), progress=False)
    assert build([str(corpus)], out, DW, progress=False).version == "2.0.0"
    return out


def test_removals_name_the_versions_that_hold_the_documents(removed_on_request):
    [r] = removals(removed_on_request)
    assert (r.version, r.rules, r.held_by) == ("2.0.0", {"publisher: DW": 1}, ("1.0.0", "1.1.0"))


def test_push_warns_and_names_the_revisions_on_the_hub(removed_on_request):
    api = RecordingApi(exists=True, tags={"v1.0.0"}, files={"README.md"})
    releases, text = push(removed_on_request, "org/news", api=api)
    assert [r.version for r in releases] == ["1.1.0", "2.0.0"]
    [warning] = [line for line in text.splitlines() if line.startswith("warning:")]
    assert warning.startswith("warning: v2.0.0 removed 1 document on request under "
                              "`publisher: DW`, but earlier revisions on the Hub still hold "
                              "it: v1.0.0, v1.1.0")
    # pushed or not, the Hub's history keeps them: the warning stays until it is rewritten
    _, again = push(removed_on_request, "org/news", api=api)
    assert "nothing to push" in again and "v1.0.0, v1.1.0" in again


def test_dry_run_warns_too_and_nothing_is_said_without_a_removal(removed_on_request, corpus,
                                                                  tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("huggingface_hub.HfApi", lambda *a, **k: RecordingApi())
    assert main(["push", str(removed_on_request), "--repo-id", "org/news", "--dry-run"]) == 0
    assert "warning: v2.0.0 removed 1 document on request" in capsys.readouterr().out
    # the Hub gets 2.0.0 only: no revision of it ever held the document
    assert "warning" not in push(removed_on_request, "org/news", "2.0.0", api=RecordingApi())[1]
    out = tmp_path / "plain"  # a document removed from the sources is no request
    build([str(corpus)], out, Config(), progress=False)
    shutil.move(corpus / "001_eaff4a40da6c1649.txt", tmp_path / "gone.txt")
    build([str(corpus)], out, Config(), progress=False)
    assert removals(out) == [] and "warning" not in push(out, "org/news", api=RecordingApi())[1]
