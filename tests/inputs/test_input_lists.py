"""The build's input list and unit list, held as columns, give back what they were given."""

import numpy as np

from newspack.inputs import files, unitlist
from newspack.inputs.files import InputFiles
from newspack.inputs.sources import InputFile, list_inputs
from newspack.inputs.unitlist import UnitList


def _files(n: int) -> list[InputFile]:
    out = []
    for k in range(n):
        root = "/a" if k % 3 else "/b"
        skip = ("broken_symlink", f"x{k}: not followed") if k % 7 == 5 else None
        out.append(InputFile(root, f"d{k % 5}/f{k:05d}.txt", None, skip))
    return out


def test_input_files_index_slice_iterate_and_take_as_the_list(monkeypatch):
    monkeypatch.setattr(files, "BLOCK", 8)  # blocks cut the list: every edge is crossed
    given = _files(50)
    listed = InputFiles.of(iter(given))
    assert len(listed) == 50 and list(listed) == given
    assert listed[0] == given[0] and listed[-1] == given[-1] and listed[13] == given[13]
    assert listed[7:20] == given[7:20] and listed[45:99] == given[45:] and listed[3:3] == []
    assert listed[::10] == given[::10]
    picked = np.array([40, 5, 13, 5])
    assert list(listed.take(picked)) == [given[k] for k in picked]
    skips = [f.skip for f in listed.take(picked)]
    assert skips == [given[k].skip for k in picked] and skips[2] is None and skips[1]
    assert len({id(f.root) for f in listed}) == 2  # one string per root, shared


def test_an_empty_list_and_a_missing_index():
    empty = InputFiles.of([])
    assert len(empty) == 0 and list(empty) == [] and empty[0:5] == []
    try:
        empty[0]
    except IndexError:
        pass
    else:
        raise AssertionError("no IndexError")


def test_list_inputs_gives_the_folders_files_in_order(tmp_path):
    for name in ("b/2.txt", "a/1.txt", "c.txt", ".hidden/x.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    listed = list_inputs([str(tmp_path)])
    assert [f.rel for f in listed] == ["a/1.txt", "b/2.txt", "c.txt"]
    assert {f.root for f in listed} == {str(tmp_path.resolve())}


def test_unit_list_keeps_each_files_units_in_order(monkeypatch):
    monkeypatch.setattr(unitlist, "BLOCK", 4)
    per_file = [[(f"f{k}#{u}", f"{k:02d}{u:02d}" * 16) for u in range(k % 4)]
                for k in range(30)]
    units = UnitList.of(per_file)
    assert len(units) == 30 and list(units) == per_file
    assert units.unit_count == sum(map(len, per_file))
    assert list(units.iter_names()) == [n for f in per_file for n, _ in f]
    assert units.shas.to_pylist() == [s for f in per_file for _, s in f]
    assert list(units.first_names()) == [f[0][0] if f else None for f in per_file]
    assert units.starts.tolist() == np.cumsum([0] + [len(f) for f in per_file])[:-1].tolist()


def test_unit_lists_interleave_file_by_file():
    per_file = [[(f"f{k}#{u}", f"{k:02d}{u:02d}" * 16) for u in range(k % 3)]
                for k in range(12)]
    from_b = np.array([k % 4 in (1, 2) for k in range(12)])
    a = UnitList.of(f for f, b in zip(per_file, from_b, strict=True) if not b)
    b = UnitList.of(f for f, b in zip(per_file, from_b, strict=True) if b)
    merged = UnitList.interleave(a, b, from_b)
    assert list(merged) == per_file
    assert merged.starts.tolist() == UnitList.of(per_file).starts.tolist()
    assert list(UnitList.interleave(a, UnitList.of([]), np.zeros(len(a), bool))) == list(a)
