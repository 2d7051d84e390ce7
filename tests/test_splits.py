"""The dev/test split is the hash rule the measurement contract names, not a choice."""

from __future__ import annotations

import hashlib

import pytest

from newsgraph.evaluation.splits import half_of, in_half, split


@pytest.mark.parametrize("suite, rid", [("plover", "1"), ("case2021", "abc"), ("seeds", "x-9")])
def test_half_follows_the_parity_of_the_sha256(suite: str, rid: str) -> None:
    odd = int(hashlib.sha256(f"{suite}:{rid}".encode()).hexdigest(), 16) % 2 == 1
    assert half_of(suite, rid) == ("test" if odd else "dev")


def test_the_suite_name_is_part_of_the_key() -> None:
    ids = [str(i) for i in range(200)]
    assert [half_of("a", i) for i in ids] != [half_of("b", i) for i in ids]


def test_split_puts_every_record_in_exactly_one_half_and_both_halves_are_used() -> None:
    records = [{"id": str(i)} for i in range(400)]
    halves = split("plover", records)
    assert sorted(r["id"] for h in halves.values() for r in h) == sorted(r["id"] for r in records)
    assert 150 < len(halves["test"]) < 250
    assert all(in_half("plover", r["id"], "test") for r in halves["test"])
    assert all(not in_half("plover", r["id"], "test") for r in halves["dev"])
    assert all(in_half("plover", r["id"], None) for r in records)
