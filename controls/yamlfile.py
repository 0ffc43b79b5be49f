"""Safe YAML reading that remembers line numbers, so problems can be reported as file:line: message."""

from __future__ import annotations

from dataclasses import dataclass

import yaml


class LineDict(dict):
    """A mapping read from YAML, with the line it starts on and the line of each key (1-based)."""

    line: int = 1
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def format(self, filename: str) -> str:
        return f"{filename}:{self.line}: {self.message}"


class _LineLoader(yaml.SafeLoader):
    """SafeLoader (no arbitrary objects) whose mappings are LineDicts; duplicate keys are recorded."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicate_keys: list[Problem] = []


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | float | bool) and key is not None:
            loader.duplicate_keys.append(Problem(line, "een sleutel moet tekst zijn"))
            continue
        if key in mapping:
            loader.duplicate_keys.append(Problem(line, f"sleutel '{key}' komt twee keer voor"))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(text: str) -> tuple[object, list[Problem]]:
    """Parse YAML text; on a syntax error return (None, [the problem at its line])."""
    loader = _LineLoader(text)
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(line, f"ongeldige YAML: {error.problem or error.context}")]
    except yaml.YAMLError as error:
        return None, [Problem(1, f"ongeldige YAML: {error}")]
    finally:
        loader.dispose()
    return document, list(loader.duplicate_keys)
