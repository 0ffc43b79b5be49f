"""Safe YAML reading that remembers line numbers, so problems can be reported as file:line: message.

Only plain YAML is accepted: the SafeLoader's scalars, lists and mappings. Tags that would build other objects
(`!!python/object`, custom `!tags`) and aliases (`*name`, which can blow a small file up into a huge document)
are refused with the line they are on.
"""

from __future__ import annotations

from typing import Any, NoReturn

import yaml

from controls.yamlproblems import dutch, problem
from core.errors import Problem
from core.text import control_character

MAX_DEPTH = 50


class LineDict(dict[Any, Any]):
    """A mapping read from YAML, with the line it starts on, the line of each key (1-based), and the text of each
    scalar value as written (so `5.10`, read as the number 5.1, can be reported as written)."""

    line: int = 1
    key_lines: dict[Any, int]
    raw: dict[Any, str | None]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A list read from YAML, with its line, the line of each item and the text of each scalar item as written."""

    line: int = 1
    item_lines: list[int]
    raw: list[str | None]

    def line_at(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class RefusedYAML(yaml.MarkedYAMLError):
    """Valid YAML that the catalogue refuses (a tag, an alias, too deep), as a problem code with parameters."""

    def __init__(self, code: str, mark: yaml.Mark, **params: object):
        super().__init__(None, None, dutch(code, params), mark)
        self.code = code
        self.params = params


class _LineLoader(yaml.SafeLoader):
    """SafeLoader (no arbitrary objects) whose mappings are LineDicts and lists LineLists; duplicate keys are
    recorded; aliases and unknown tags are refused."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[Problem] = []
        self.depth = 0

    def construct_scalar(self, node: yaml.ScalarNode | yaml.MappingNode) -> Any:
        """A scalar; refused when it holds a control character, also one written as an escape ("\\0")."""
        value = super().construct_scalar(node)
        character = control_character(value) if isinstance(value, str) else None
        if character is not None:
            raise RefusedYAML("catalogue.control_character", node.start_mark, character=character)
        return value

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise RefusedYAML("catalogue.alias", event.start_mark, anchor=event.anchor)
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if getattr(event, "anchor", None):
            raise RefusedYAML("catalogue.anchor", event.start_mark, anchor=event.anchor)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise RefusedYAML("catalogue.too_deep", event.start_mark, max=MAX_DEPTH)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _raw(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    mapping.raw = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | float | bool) and key is not None:
            loader.duplicate_keys.append(problem("catalogue.key_not_text", line))
            continue
        if key in mapping:
            loader.duplicate_keys.append(problem("catalogue.duplicate_key", line, key=key))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
        mapping.raw[key] = _raw(value_node)
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    sequence = LineList(loader.construct_object(child, deep=True) for child in node.value)
    sequence.line = node.start_mark.line + 1
    sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
    sequence.raw = [_raw(child) for child in node.value]
    return sequence


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _refuse_tag(loader: _LineLoader, node: yaml.Node) -> NoReturn:
    raise RefusedYAML("catalogue.tag", node.start_mark, tag=_short_tag(node.tag))


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise RefusedYAML("catalogue.invalid_date", node.start_mark, value=node.value) from None


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
for _tag in (
    "tag:yaml.org,2002:binary",
    "tag:yaml.org,2002:set",
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:pairs",
):
    _LineLoader.add_constructor(_tag, _refuse_tag)
_LineLoader.add_constructor(None, _refuse_tag)


def read_yaml(text: str) -> tuple[object, list[Problem]]:
    """Parse YAML text; on a syntax error return (None, [the problem at its line])."""
    loader = None
    try:
        loader = _LineLoader(text)
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and "quoted scalar" in (error.context or ""):
            mark = error.context_mark  # an unclosed quote: where it opens, not where the file ends
        line = mark.line + 1 if mark else 1
        return None, [_syntax_problem(error, line)]
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        return None, [problem("catalogue.control_character", line, character=f"U+{error.character:04X}")]
    except yaml.YAMLError as error:
        return None, [problem("catalogue.yaml_syntax", 1, reason=str(error))]
    finally:
        if loader is not None:
            loader.dispose()
    return document, list(loader.duplicate_keys)


def _syntax_problem(error: yaml.MarkedYAMLError, line: int) -> Problem:
    """What we refuse, or PyYAML's own (English) words for what it could not parse."""
    if isinstance(error, RefusedYAML):
        return problem(error.code, line, **error.params)
    parts = [part for part in (error.context, error.problem) if part]
    return problem("catalogue.yaml_syntax", line, reason=", ".join(parts) or str(error))
