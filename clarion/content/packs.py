"""Reading a content pack from disk: parse, validate, and say where an error is."""

import re
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml
from django.conf import settings

from clarion.content.pack_schema import DATE, SCHEMAS

DATE_RE = re.compile(DATE)


class PackError(Exception):
    """A pack file is missing, malformed or invalid; the message names file and line."""


@dataclass
class Pack:
    name: str
    path: Path
    files: dict

    def __getitem__(self, filename):
        return self.files[filename]

    def machine_translated(self, filename):
        return list(self.files[filename].get("machine_translated", []))


def pack_path(name):
    path = Path(name)
    if path.is_dir():
        return path
    path = Path(settings.CONTENT_PACKS_DIR) / name
    if not name.replace("-", "").replace("_", "").isalnum() or not path.is_dir():
        raise PackError(f"No content pack named {name!r} in {settings.CONTENT_PACKS_DIR}")
    return path


def line_of(node, where):
    """Follow a jsonschema path through the YAML node tree to a 1-based line."""
    for step in where:
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            child = node.value[step] if step < len(node.value) else None
        else:
            child = None
        if child is None:
            break
        node = child
    return node.start_mark.line + 1


def read_file(path, schema=None):
    """Parsed data and YAML node tree of a pack file, validated against `schema`
    (by default the one for its name in clarion.content.pack_schema)."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else "?"
        raise PackError(f"{path}:{line}: not valid YAML: {error.problem}") from None
    schema = schema or SCHEMAS[path.name]
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=str)
    if errors:
        error = min(errors, key=lambda e: len(e.absolute_path))
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        line = line_of(node, error.absolute_path) if node else 1
        raise PackError(f"{path}:{line}: {where}: {error.message}")
    return data, node


def read_pack(name):
    path = pack_path(name)
    files, nodes = {}, {}
    for filename in SCHEMAS:
        file_path = path / filename
        if not file_path.exists():
            raise PackError(f"{file_path}: missing file (every pack has {', '.join(SCHEMAS)})")
        files[filename], nodes[filename] = read_file(file_path)
    _check_unique_keys(path, files, nodes)
    return Pack(name=path.name, path=path, files=files)


def _check_unique_keys(path, files, nodes):
    for filename, listing in [
        ("facts.yaml", "facts"),
        ("news.yaml", "items"),
        ("recognition.yaml", "bodies"),
        ("resources.yaml", "resources"),
        ("targets.yaml", "targets"),
    ]:
        seen = set()
        for index, item in enumerate(files[filename][listing]):
            if item["key"] in seen:
                line = line_of(nodes[filename], [listing, index])
                raise PackError(
                    f"{path / filename}:{line}: {listing}/{index}: duplicate key {item['key']!r}"
                )
            seen.add(item["key"])
