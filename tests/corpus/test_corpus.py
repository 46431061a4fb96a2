from dataclasses import replace

from newspack.config import Config, SplitConfig
from newspack.corpus.stages import plan, shard, split_of, unique_ids


def test_repeated_ids_get_new_unique_ids():
    ids = unique_ids(["a", "a", "a"], ["x/1.txt", "y/1.txt", "y/1.txt"]).to_pylist()
    assert ids[0] == "a" and len(set(ids)) == 3


def test_smallest_id_of_equal_texts_is_kept_whatever_the_input_order():
    p = plan(["c", "b", "a", "d"], ["1", "2", "3", "4"], ["h1", "h2", "h1", "h1"], ["nb"] * 4,
             Config())
    assert p.duplicate_of.to_pylist() == ["a", None, None, "a"]
    assert p.kinds() == ["exact", None, None, "exact"]


def test_splits_follow_the_configured_shares_and_keep_duplicates_together():
    cfg = SplitConfig(validation=0.1, test=0.2)
    got = [split_of(f"doc{i}", cfg) for i in range(5000)]
    assert abs(got.count("test") / 5000 - 0.2) < 0.03
    assert abs(got.count("validation") / 5000 - 0.1) < 0.03
    p = plan(["a", "b"], ["1", "2"], ["h", "h"], ["nb", "nb"], replace(Config(), splits=cfg))
    assert p.duplicate_of.to_pylist() == [None, "a"] and p.split[0] == p.split[1]


def test_shards_sorted_by_id_and_balanced():
    ids = ["d", "b", "a", "c", "e"]
    shards = shard(ids, ["nb"] * 5, [0] * 5, rows_per_shard=2)
    rows = shards[("nb", "train")]
    assert len(rows) == 3
    assert [ids[i] for part in rows for i in part] == ["a", "b", "c", "d", "e"]


def test_ids_stay_in_their_old_shards_and_new_ones_go_after_them():
    import numpy as np
    import pyarrow as pa

    from newspack.store.versions import Layout

    old = Layout(pa.array(["a", "b", "c", "d", "z"]), np.array([1, 0, 1, 0, 2]),
                 [("nb", "train", 0), ("nb", "train", 1), ("nn", "train", 0)])
    ids = ["e", "d", "c", "b", "a", "z"]  # "e" is new; "z" was Nynorsk, now Bokmål
    shards = shard(ids, ["nb"] * 6, [0] * 6, rows_per_shard=4, previous=old)
    got = [[ids[i] for i in part] for part in shards[("nb", "train")]]
    assert got == [["b", "d"], ["a", "c"], ["e", "z"]]  # old shards in order, then the new
    assert old.locate(pa.array(["c", "x"])).tolist() == [1, -1]


def test_columns_given_as_readers_are_read_once_and_plan_the_same():
    import pyarrow as pa

    columns = (["c", "b", "a", "d", "a"], ["1", "2", "3", "4", "5"],
               ["h1", "h2", "h1", "h1", "h3"], ["nb", "nn", "nb", "nb", "nb"])
    reads = []

    def reader(k):
        def read():
            reads.append(k)
            return pa.array(columns[k], pa.string())
        return read

    direct = plan(*columns, Config())
    lazy = plan(*map(reader, range(4)), Config())
    assert sorted(reads) == [0, 1, 2, 3]  # each column read once
    assert lazy.ids.to_pylist() == direct.ids.to_pylist()
    assert lazy.duplicate_of.to_pylist() == direct.duplicate_of.to_pylist()
    assert lazy.split.tolist() == direct.split.tolist()
    assert {k: [r.tolist() for r in v] for k, v in lazy.shards.items()} == \
        {k: [r.tolist() for r in v] for k, v in direct.shards.items()}
