"""One content model (H-C2, issue 15 item 4).

The content is validated by the pydantic models (model.py, conditions.py) and used
at run time as plain objects (runtime.py, condtree.py), which also load from the
content cache without pydantic. These tests make the pair behave as one model:
every validated field reaches the runtime object with the same kind of value, no
runtime field goes unvalidated, derived data is kept through one public method,
and compiled conditions are never cached by id()."""

from __future__ import annotations

import ast
import datetime as dt
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel

import sciatica_tui
from sciatica_tui.contentset import condition_schema as conditions
from sciatica_tui.contentset import schema as model
from sciatica_tui.contentset.loader import ITEM_FILES, _validate
from sciatica_tui.core import conditions as condtree
from sciatica_tui.core import content as runtime

PACKAGE = Path(sciatica_tui.__file__).parent


def _shape(hint: Any, side: str) -> Any:
    """A comparable description of a field's type, the same for a pydantic
    annotation and the runtime annotation that should match it."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Annotated:
        inner = args[0]
        # A Condition is an Annotated union of the condition models.
        if typing.get_origin(inner) in (typing.Union, types.UnionType) and \
                all(_is_condition(a) for a in typing.get_args(inner)):
            return "condition"
        return _shape(inner, side)
    if origin in (typing.Union, types.UnionType):
        parts = {_shape(a, side) for a in args}
        if "condition" in parts and side == "runtime":  # runtime says Any
            parts.discard(type(None))
        return frozenset(parts) if len(parts) > 1 else next(iter(parts))
    if origin is Literal:
        return type(args[0])
    if origin is list:
        return ("list", _shape(args[0], side))
    if origin is dict:
        return ("dict", _shape(args[0], side), _shape(args[1], side))
    if hint is Any:
        return "any"
    if isinstance(hint, type) and (issubclass(hint, BaseModel) or issubclass(hint, runtime.Item)):
        return ("item", hint.__name__)
    return hint


def _is_condition(hint: Any) -> bool:
    inner = typing.get_args(hint)[0] if typing.get_origin(hint) is typing.Annotated else hint
    return isinstance(inner, type) and inner.__module__ == conditions.__name__


def _holds_condition(hint: Any) -> bool:
    shape = _shape(hint, "pydantic")
    return shape == "condition" or (isinstance(shape, frozenset) and "condition" in shape)


def _pydantic_fields(cls: type[BaseModel]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, include_extras=True)
    return {name: hints[name] for name in cls.model_fields}


def _runtime_fields(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    hints.pop("NESTED", None)
    return hints


def _pairs() -> list[tuple[type[BaseModel], type]]:
    """(pydantic model, runtime class) for every part of the content and every
    model nested inside one, found by following the fields."""
    todo: list[tuple[type[BaseModel], type]] = [(model.Meta, runtime.Meta)]
    for _, model_name, part in ITEM_FILES.values():
        todo.append((getattr(model, model_name), runtime.PARTS[part]))
    seen: list[tuple[type[BaseModel], type]] = []
    while todo:
        pair = todo.pop()
        if pair in seen:
            continue
        seen.append(pair)
        for hint in _pydantic_fields(pair[0]).values():
            for sub in _models_in(hint):
                todo.append((sub, getattr(runtime, sub.__name__)))
    return seen


def _models_in(hint: Any) -> list[type[BaseModel]]:
    if _is_condition(hint):
        return []
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return [hint]
    return [m for a in typing.get_args(hint) for m in _models_in(a)]


def test_H_C2_every_content_part_has_a_pydantic_model_and_a_runtime_class():
    parts = {part for _, _, part in ITEM_FILES.values()}
    assert parts == set(runtime.PARTS)
    assert set(runtime.Content.__annotations__) == parts | {"meta", "ui"}


@pytest.mark.parametrize("pair", _pairs(), ids=lambda p: p[0].__name__)
def test_H_C2_every_validated_field_reaches_the_runtime_object(pair):
    """Field for field, the same names and the same kind of value: nothing the
    validator checks is lost at run time, and no runtime field is unvalidated."""
    validated, plain = pair
    want = {name: _shape(hint, "pydantic") for name, hint in _pydantic_fields(validated).items()}
    got = {name: _shape(hint, "runtime") for name, hint in _runtime_fields(plain).items()}
    assert list(got) == list(want), "field names or order differ"
    for name in want:
        if _holds_condition(_pydantic_fields(validated)[name]):
            assert got[name] == "any", name  # built by build_condition (the NESTED table)
            assert plain.NESTED.get(name) == "cond", name
        else:
            assert got[name] == want[name], name


CONDITION_PAIRS = [(conditions.AnswerCondition, condtree.AnswerCondition),
                   (conditions.AllOf, condtree.AllOf), (conditions.AnyOf, condtree.AnyOf),
                   (conditions.NotOf, condtree.NotOf), (conditions.AtLeast, condtree.AtLeast)]


@pytest.mark.parametrize("pair", CONDITION_PAIRS, ids=lambda p: p[0].__name__)
def test_H_C2_condition_models_and_runtime_conditions_have_the_same_fields(pair):
    validated, plain = pair
    assert tuple(validated.model_fields) == plain.__slots__


def test_H_C2_validated_content_builds_every_field_and_nothing_else(content_dir):
    """The real content, validated and built: every runtime object carries exactly
    the fields of its pydantic model, conditions as runtime condition trees."""
    content, _ = _validate(content_dir)
    checked = 0

    def walk(obj: Any, validated: type[BaseModel]) -> None:
        nonlocal checked
        assert [name for name, _ in obj.fields()] == list(validated.model_fields)
        checked += 1
        for name, value in obj.fields():
            sub = _models_in(_pydantic_fields(validated)[name])
            if isinstance(value, runtime.Item):
                walk(value, sub[0])
            elif isinstance(value, list):
                for v in value:
                    if isinstance(v, runtime.Item):
                        walk(v, sub[0])
            elif value is not None and _holds_condition(_pydantic_fields(validated)[name]):
                assert isinstance(value, condtree.Condition), name
        assert not isinstance(obj, BaseModel)

    walk(content.meta, model.Meta)
    assert isinstance(content.meta.last_reviewed, dt.date)
    for _, model_name, part in ITEM_FILES.values():
        for item in getattr(content, part):
            walk(item, getattr(model, model_name))
    assert checked > 100


def test_H_C2_compiled_conditions_are_not_cached_by_id(content):
    """A condition that is gone can leave its id() to a new one; the new one must
    be compiled for itself, not served the old one's test."""
    from sciatica_tui.core.conditions import AnswerCondition

    answers = {"weakness": "yes"}
    reused = False
    for _ in range(2000):
        first = AnswerCondition("weakness", is_="yes")
        assert content.compiled(first)(answers, []) is True
        old = id(first)
        del first  # freed at once (reference counting)
        second = AnswerCondition("weakness", is_="no")
        if id(second) == old:
            reused = True
            assert content.compiled(second)(answers, []) is False
            break
        del second
    if not reused:  # the allocator never reused the address: check the other way
        second = AnswerCondition("weakness", is_="no")
        assert content.compiled(second)(answers, []) is False


def _private_writes(tree: ast.AST) -> list[str]:
    """`x._name = ...`, `x._name[...] = ...`, `x._name.y[...]` assignments to another
    object's private attribute (x not self or cls), and object.__setattr__ calls."""
    found: list[str] = []

    def private_of_other(node: ast.AST) -> bool:
        while isinstance(node, ast.Subscript):
            node = node.value
        return (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")))

    for node in ast.walk(tree):
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for t in targets:
            for sub in ast.walk(t):
                if private_of_other(sub) and isinstance(sub, (ast.Attribute, ast.Subscript)):
                    found.append(f"line {node.lineno}")
                    break
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr == "__setattr__" and isinstance(node.func.value, ast.Name) and \
                node.func.value.id == "object":
            found.append(f"line {node.lineno}: object.__setattr__")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id == "id":
            found.append(f"line {node.lineno}: id() (an id can be reused: key by the object)")
    return found


# The Textual work-arounds (tui/) are tui-coupling's area: they live in tui/compat.py.
UI_FREE = [p for p in sorted(PACKAGE.rglob("*.py")) if "tui" not in p.relative_to(PACKAGE).parts
           and "web" not in p.relative_to(PACKAGE).parts]


def test_H_C2_no_module_writes_into_another_objects_private_attributes():
    problems = [f"{path.relative_to(PACKAGE)} {where}" for path in UI_FREE
                for where in _private_writes(ast.parse(path.read_text(encoding="utf-8")))]
    assert problems == []


def test_H_C2_derived_data_is_made_once_per_content_set(content):
    made: list[int] = []
    first = content.derived("test-only", lambda: made.append(1) or ["value"])
    again = content.derived("test-only", lambda: made.append(2) or ["other"])
    assert first is again and made == [1]


def _raw_conditions(value: Any) -> Iterator[Any]:
    """Every condition written in a content file (the values of when, applies_if,
    needs and offer_if, at any depth)."""
    if isinstance(value, dict):
        for key, sub in value.items():
            if key in ("when", "applies_if", "needs", "offer_if"):
                yield sub
            else:
                yield from _raw_conditions(sub)
    elif isinstance(value, list):
        for sub in value:
            yield from _raw_conditions(sub)


def _same_tree(validated: Any, plain: Any) -> None:
    assert type(validated).__name__ == type(plain).__name__
    for name in type(validated).model_fields:
        a, b = getattr(validated, name), getattr(plain, name)
        if isinstance(a, list) and a and isinstance(a[0], BaseModel):
            assert len(a) == len(b)
            for x, y in zip(a, b, strict=True):
                _same_tree(x, y)
        elif isinstance(a, BaseModel):
            _same_tree(a, b)
        else:
            assert a == b, name


def test_H_C2_every_condition_means_the_same_validated_and_at_run_time(content_dir):
    """Each condition in the shipped content, validated (conditions.py) and built
    for run time (condtree.py): the same kind of node, field for field."""
    import tomllib

    from pydantic import TypeAdapter

    adapter: TypeAdapter[Any] = TypeAdapter(conditions.Condition)
    seen = 0
    for path in sorted(Path(content_dir).glob("*.toml")):
        for raw in _raw_conditions(tomllib.loads(path.read_text(encoding="utf-8"))):
            validated = adapter.validate_python(raw)
            _same_tree(validated, condtree.build_condition(
                adapter.dump_python(validated, mode="json")))
            seen += 1
    assert seen > 100
