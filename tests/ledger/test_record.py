"""``@record`` behaves as ``@dataclass(frozen=True)`` (ledger/record.py).

Generated classes — any number of fields, some with a default, a default factory, no repr or
no comparison — are made twice, by ``dataclasses.dataclass(frozen=True)`` and by ``record``,
and generated values are put through both: construction by position and by keyword (and the
``TypeError`` of a missing, repeated or unexpected argument), ``==`` and ``!=`` (between two
values and against another class), ``hash``, ``repr``, assignment and deletion
(``FrozenInstanceError``), ``dataclasses.replace``/``fields``/``asdict``/``astuple``,
``__match_args__``, pickling and copying.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kongtun.ledger.record import field, record

RECORD = Path(__file__).resolve().parents[2] / "ledger" / "record.py"

#: how a field is declared: no default, a default, a factory, repr=False, compare=False
KINDS = ("plain", "default", "factory", "norepr", "nocompare")
VALUES = st.one_of(
    st.integers(),
    st.text(max_size=5),
    st.none(),
    st.decimals(allow_nan=True, places=2),
    st.tuples(st.integers(), st.text(max_size=3)),
    st.just(Decimal("NaN")),
)


def declare(kinds: list[str], name: str, *, frozen: bool = True) -> tuple[Any, Any]:
    """The same class made by dataclasses and by record."""

    def body() -> dict[str, Any]:
        namespace: dict[str, Any] = {
            "__annotations__": {},
            "__doc__": f"{name}.",
            "__module__": __name__,
        }
        for number, kind in enumerate(kinds):
            attribute = f"f{number}"
            namespace["__annotations__"][attribute] = "Any"
            if kind == "default":
                namespace[attribute] = number
            elif kind == "factory":
                namespace[attribute] = field(default_factory=list)
            elif kind == "norepr":
                namespace[attribute] = field(default=None, repr=False)
            elif kind == "nocompare":
                namespace[attribute] = field(default=None, compare=False)
        return namespace

    made: Any = dataclasses.dataclass(frozen=frozen)(type(name, (), body()))
    return made, record(frozen=frozen)(type(name, (), body()))


def kinds_in_order() -> st.SearchStrategy[list[str]]:
    """Field kinds, the ones without a default first (as Python requires)."""
    return st.tuples(st.integers(0, 3), st.lists(st.sampled_from(KINDS[1:]), max_size=4)).map(
        lambda pair: ["plain"] * pair[0] + pair[1]
    )


def outcome(action: Any) -> tuple[str, Any]:
    """What calling ``action`` gives: its value's repr, or its exception's type and words."""
    try:
        return "value", repr(action())
    except Exception as exc:
        return type(exc).__name__, str(exc)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kinds_in_order(), st.booleans(), st.data())
def test_a_record_is_a_dataclass(kinds: list[str], frozen: bool, data: st.DataObject) -> None:
    """Frozen (``@record``) and not (``@record(frozen=False)``)."""
    dc, rec = declare(kinds, "Thing", frozen=frozen)
    count = len(kinds)
    positional = data.draw(st.lists(VALUES, min_size=count, max_size=count))
    given_count = data.draw(st.integers(0, count + 1))
    arguments = [*positional, *([0] if given_count > count else [])][:given_count]
    made = outcome(lambda: dc(*arguments))
    assert made == outcome(lambda: rec(*arguments))
    if made[0] != "value":
        return
    one_dc, one_rec = dc(*arguments), rec(*arguments)
    keywords = {f"f{number}": value for number, value in enumerate(arguments)}
    assert repr(dc(**keywords)) == repr(rec(**keywords))
    other = data.draw(st.lists(VALUES, min_size=given_count, max_size=given_count))
    two_dc, two_rec = dc(*other), rec(*other)
    assert repr(one_dc) == repr(one_rec)
    assert outcome(lambda: one_dc == two_dc) == outcome(lambda: one_rec == two_rec)
    assert outcome(lambda: one_dc != two_dc) == outcome(lambda: one_rec != two_rec)
    assert outcome(lambda: one_dc == dc(*arguments)) == outcome(lambda: one_rec == rec(*arguments))
    assert one_rec == one_rec  # noqa: PLR0124 - NaN inside: the tuples compare identity first
    assert one_rec.__eq__(object()) is NotImplemented
    assert outcome(lambda: hash(one_dc)) == outcome(lambda: hash(one_rec))
    assert dc.__match_args__ == rec.__match_args__
    assert [f.name for f in dataclasses.fields(dc)] == [f.name for f in dataclasses.fields(rec)]
    assert bool(dataclasses.is_dataclass(rec))  # (no narrowing: rec is still called below)
    assert outcome(lambda: dataclasses.asdict(one_dc)) == outcome(
        lambda: dataclasses.asdict(one_rec)
    )
    assert outcome(lambda: dataclasses.astuple(one_dc)) == outcome(
        lambda: dataclasses.astuple(one_rec)
    )
    if count:
        change = {"f0": data.draw(VALUES)}
        assert repr(dataclasses.replace(one_dc, **change)) == repr(
            dataclasses.replace(one_rec, **change)
        )
    for name in ("f0", "other"):
        for act in (setattr, delattr):
            fresh_dc, fresh_rec = dc(*arguments), rec(*arguments)
            arguments_of = (name, 1) if act is setattr else (name,)
            assert outcome(lambda: act(fresh_dc, *arguments_of)) == outcome(  # noqa: B023
                lambda: act(fresh_rec, *arguments_of)  # noqa: B023
            )
            assert outcome(lambda: fresh_dc) == outcome(lambda: fresh_rec)  # noqa: B023
    assert outcome(lambda: rec(*arguments, unexpected=1)) == outcome(
        lambda: dc(*arguments, unexpected=1)
    )
    if count:
        assert outcome(lambda: rec(*arguments, f0=1)) == outcome(lambda: dc(*arguments, f0=1))
    assert repr(copy.copy(one_rec)) == repr(one_rec)
    assert rec.__dataclass_params__.frozen == dc.__dataclass_params__.frozen
    assert (rec.__hash__ is None) == (dc.__hash__ is None)


@record
class Pickled:
    """A record at module level, so that pickle finds it."""

    name: str
    amount: Decimal = Decimal("0.00")
    items: list[int] = field(default_factory=list)


def test_a_record_pickles_and_keeps_its_class() -> None:
    one = Pickled("ก", Decimal("1.50"), [1])
    again = pickle.loads(pickle.dumps(one))
    assert again == one
    assert type(again) is Pickled
    with pytest.raises(TypeError, match="unhashable"):
        hash(one)  # a list inside, as a frozen dataclass


def test_what_a_record_refuses() -> None:
    with pytest.raises(ValueError, match="mutable default"):
        record(type("Bad", (), {"__annotations__": {"x": "list[int]"}, "x": []}))
    with pytest.raises(TypeError, match="non-default argument 'y'"):
        record(type("Bad", (), {"__annotations__": {"x": "int", "y": "int"}, "x": 1}))
    with pytest.raises(TypeError, match="inherits no dataclass"):
        record(type("Bad", (Pickled,), {"__annotations__": {"z": "int"}}))
    with pytest.raises(TypeError, match="__post_init__"):
        record(type("Bad", (), {"__post_init__": lambda self: None}))


def test_a_record_carries_the_parameters_a_dataclass_carries() -> None:
    """dataclasses' parameters object changed with Python 3.12 (four more parameters): a
    record's must be the one ``@dataclass`` makes on the Python that runs it."""

    @record
    class Frozen:
        """A frozen record."""

        a: int

    @record(frozen=False)
    class Mutable:
        """A mutable record."""

        a: int

    @dataclasses.dataclass(frozen=True)
    class FrozenDataclass:
        a: int

    @dataclasses.dataclass
    class MutableDataclass:
        a: int

    pairs: list[tuple[type, type]] = [(Frozen, FrozenDataclass), (Mutable, MutableDataclass)]
    for made, model in pairs:
        assert repr(vars(made)["__dataclass_params__"]) == repr(vars(model)["__dataclass_params__"])


def _pythons() -> list[str]:
    """Each Python 3.11+ installed here that runs: on the PATH, or kept by pyenv."""
    found = [shutil.which(f"python3.{minor}") for minor in range(11, 15)]
    found += [str(path) for path in Path.home().glob(".pyenv/versions/3.1[1-4].*/bin/python")]
    return sorted(
        {
            python
            for python in found
            if python is not None
            and subprocess.run([python, "-c", "pass"], capture_output=True, check=False).returncode
            == 0
        }
    )


OTHER_PYTHONS = _pythons()


@pytest.mark.skipif(not OTHER_PYTHONS, reason="no other Python 3.11+ on this machine")
@pytest.mark.parametrize("python", OTHER_PYTHONS)
def test_a_record_works_on_each_python_kongtun_supports(python: str) -> None:
    """``ledger/record.py`` reads two private names of ``dataclasses``; on every Python
    pyproject.toml allows that is installed here, it loads and behaves (it needs only the
    standard library, so it is loaded from its file)."""
    script = f"""
import dataclasses, importlib.util, pickle, sys
spec = importlib.util.spec_from_file_location("record", {str(RECORD)!r})
module = importlib.util.module_from_spec(spec)
sys.modules["record"] = module
spec.loader.exec_module(module)

@module.record
class Loan:
    '''A loan.'''
    number: int
    kind: str = "member"

loan = Loan(1)
assert loan == Loan(1, "member") and hash(loan) == hash(Loan(1))
assert repr(loan) == "Loan(number=1, kind='member')", repr(loan)
assert dataclasses.replace(loan, kind="group").kind == "group"
assert dataclasses.asdict(loan) == {{"number": 1, "kind": "member"}}
try:
    loan.number = 2
except dataclasses.FrozenInstanceError:
    pass
else:
    raise AssertionError("assigned")
print(sys.version_info[:2])
"""
    done = subprocess.run([python, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
