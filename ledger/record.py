"""The model's frozen records, made cheaply: ``@record`` is ``@dataclass(frozen=True)`` for
the classes every load imports.

Beancount imports kongtun's plugin in every process that loads a ledger, and creating the
model's frozen dataclasses was most of that import: ``dataclasses`` writes and compiles six
functions a class (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``,
``__delattr__``), each through its own ``exec`` (docs/performance.md, *Round 8: the import*).
``@record`` compiles one function a class, the ``__init__`` (a constructor must stay as fast
as the dataclass's: the model makes hundreds of thousands of records at ~100k transactions),
and only when the class is first constructed (a load compiles the constructors of the records
it makes, not of every record it imports); the other methods are closures over the class's
field names, made without compiling.

A record behaves as ``@dataclass(frozen=True)`` does, and ``tests/ledger/test_record.py``
holds it to that on generated classes and values: construction by position and by keyword,
defaults and ``field(default=..., default_factory=..., repr=..., compare=...)``, the same
``TypeError`` for a missing or unexpected argument, ``==`` (``NotImplemented`` against another
class), ``hash``, ``repr``, ``FrozenInstanceError`` on assignment or deletion, pickling,
``__match_args__``, and ``dataclasses.replace``/``fields``/``asdict``/``is_dataclass`` (a
record carries the same ``__dataclass_fields__``). What it does not do, and refuses rather
than gets wrong: inheriting from another dataclass, ``ClassVar`` or ``InitVar`` fields,
``field(init=False)``, ``kw_only``, ``hash=``, ``__post_init__``. A record without a
docstring keeps none (a dataclass writes its signature there).

``@record(frozen=False)`` is ``@dataclass`` in the same way: the state of a pass, assigned to,
unhashable.
"""

from __future__ import annotations

import dataclasses
import inspect
import operator
from _thread import get_ident
from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError, field
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["field", "record"]

_T = TypeVar("_T")
#: dataclasses' own markers, so that ``dataclasses.fields`` and ``replace`` read a record
_FIELD: Any = getattr(dataclasses, "_FIELD")  # noqa: B009 - a private name, read once
_PARAMS: Any = getattr(dataclasses, "_DataclassParams")  # noqa: B009


def _params(*, frozen: bool) -> Any:
    """dataclasses' own parameters object of ``@dataclass(frozen=frozen)``, whatever this
    Python's version of it asks (3.12 added four parameters to the six of 3.11)."""
    wanted = {
        "init": True,
        "repr": True,
        "eq": True,
        "order": False,
        "unsafe_hash": False,
        "frozen": frozen,
        "match_args": True,
        "kw_only": False,
        "slots": False,
        "weakref_slot": False,
    }
    try:
        return _PARAMS(**{name: wanted[name] for name in inspect.signature(_PARAMS).parameters})
    except (KeyError, TypeError, ValueError):  # a parameter of a later Python: ask dataclass
        probe = dataclasses.make_dataclass("Probe", [], frozen=frozen)
        return getattr(probe, "__dataclass_params__")  # noqa: B009 - a private name


_FROZEN_PARAMS: Any = _params(frozen=True)
_MUTABLE_PARAMS: Any = _params(frozen=False)
_REFUSED = ("__post_init__", "__setattr__", "__delattr__")


def _fields_of(cls: type) -> list[Field[Any]]:
    """The fields of ``cls`` in the order of its annotations, each a ``dataclasses.Field``."""
    for base in cls.__mro__[1:]:
        if hasattr(base, "__dataclass_fields__"):
            raise TypeError(f"@record {cls.__qualname__}: a record inherits no dataclass")
    found: list[Field[Any]] = []
    for name, kind in inspect.get_annotations(cls).items():
        if "ClassVar" in str(kind) or "InitVar" in str(kind):
            raise TypeError(f"@record {cls.__qualname__}.{name}: no ClassVar or InitVar")
        default = cls.__dict__.get(name, MISSING)
        made: Field[Any] = default if isinstance(default, Field) else field(default=default)
        if not made.init or made.hash is not None or made.kw_only is True:
            raise TypeError(
                f"@record {cls.__qualname__}.{name}: init, hash and kw_only unsupported"
            )
        if made.default is not MISSING and made.default.__class__.__hash__ is None:
            raise ValueError(
                f"mutable default {type(made.default)} for field {name} is not allowed:"
                " use default_factory"
            )
        made.name, made.type, made._field_type = name, kind, _FIELD  # type: ignore[attr-defined]
        if made.default is MISSING:
            if name in cls.__dict__:
                delattr(cls, name)
        elif made is default:  # field(default=...); a plain default is in the class already
            setattr(cls, name, made.default)
        if found and _defaulted(found[-1]) and not _defaulted(made):
            raise TypeError(f"non-default argument {name!r} follows default argument")
        found.append(made)
    return found


def _defaulted(made: Field[Any]) -> bool:
    return made.default is not MISSING or made.default_factory is not MISSING


def _init(cls: type, fields: list[Field[Any]], *, frozen: bool) -> Callable[..., None]:
    """The one compiled method: ``__init__`` with the dataclass's signature."""
    space: dict[str, Any] = {"__k_set": object.__setattr__, "__k_factory": _HAS_FACTORY}
    params, body = ["self"], []
    for number, made in enumerate(fields):
        name = made.name
        if made.default is not MISSING:
            space[f"__k_d{number}"] = made.default
            params.append(f"{name}=__k_d{number}")
        elif made.default_factory is not MISSING:
            space[f"__k_f{number}"] = made.default_factory
            params.append(f"{name}=__k_factory")
            name = f"__k_f{number}() if {name} is __k_factory else {name}"
        else:
            params.append(name)
        if frozen:
            body.append(f" __k_set(self, {made.name!r}, {name})")
        else:
            body.append(f" self.{made.name} = {name}")
    source = f"def __init__({', '.join(params)}):\n{chr(10).join(body) or ' pass'}\n"
    exec(source, space)
    init: Callable[..., None] = space["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _first_init(cls: type, fields: list[Field[Any]], *, frozen: bool) -> Callable[..., None]:
    """An ``__init__`` that, on the class's first construction, compiles the real one (with
    the dataclass's signature), puts it in its place and calls it: a load compiles only the
    constructors of the records it makes (a welfare fund makes no loan)."""

    def __init__(self: Any, /, *args: Any, **kwargs: Any) -> None:
        init = _init(cls, fields, frozen=frozen)
        type.__setattr__(cls, "__init__", init)
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


class _HasFactory:
    def __repr__(self) -> str:
        return "<factory>"


_HAS_FACTORY = _HasFactory()


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the tuple of ``names``' values, as the dataclass's methods compare."""
    if not names:
        return lambda _: ()
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda self: (one(self),)
    return operator.attrgetter(*names)


def _methods(cls: type, fields: list[Field[Any]]) -> dict[str, Any]:
    """``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__`` and ``__delattr__``: closures."""
    shown = tuple(made.name for made in fields if made.repr)
    compared = _values(tuple(made.name for made in fields if made.compare))
    every = frozenset(made.name for made in fields)
    repr_values = _values(shown)
    busy: set[tuple[int, int]] = set()

    def __repr__(self: Any) -> str:
        key = (id(self), get_ident())
        if key in busy:
            return "..."
        busy.add(key)
        try:
            pairs = zip(shown, repr_values(self), strict=True)
            inside = ", ".join(f"{name}={value!r}" for name, value in pairs)
        finally:
            busy.discard(key)
        return f"{self.__class__.__qualname__}({inside})"

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(compared(self))

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in every:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)  # type: ignore[arg-type]

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in every:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)  # type: ignore[arg-type]

    made = {
        "__repr__": __repr__,
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__setattr__": __setattr__,
        "__delattr__": __delattr__,
    }
    for name, method in made.items():
        method.__qualname__ = f"{cls.__qualname__}.{name}"
    return made


@overload
def record(cls: type[_T], /) -> type[_T]: ...
@overload
def record(*, frozen: bool = True) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def record(cls: type[_T] | None = None, /, *, frozen: bool = True) -> Any:
    """``@dataclass(frozen=True)``, compiling only the ``__init__``; ``@record(frozen=False)``
    is ``@dataclass``."""
    if cls is None:
        return lambda later: _make(later, frozen=frozen)
    return _make(cls, frozen=frozen)


def _make(cls: type[_T], *, frozen: bool) -> type[_T]:
    for name in _REFUSED:
        if name in cls.__dict__:
            raise TypeError(f"@record {cls.__qualname__}: defines {name}")
    fields = _fields_of(cls)
    explicit_hash = cls.__dict__.get("__hash__", MISSING)
    own_hash = not (
        explicit_hash is MISSING or (explicit_hash is None and "__eq__" in cls.__dict__)
    )
    methods = {"__init__": _first_init(cls, fields, frozen=frozen), **_methods(cls, fields)}
    if own_hash:
        del methods["__hash__"]
    elif not frozen:
        methods["__hash__"] = None  # mutable: unhashable, as a dataclass
    if not frozen:
        del methods["__setattr__"], methods["__delattr__"]
    for name, method in methods.items():
        if name == "__hash__" or name not in cls.__dict__:
            setattr(cls, name, method)
    attributes = {
        "__dataclass_fields__": {made.name: made for made in fields},
        "__dataclass_params__": _FROZEN_PARAMS if frozen else _MUTABLE_PARAMS,
        "__match_args__": tuple(made.name for made in fields),
    }
    for name, value in attributes.items():
        if name not in cls.__dict__:
            setattr(cls, name, value)
    return cls
