"""Validates custom resources (Strimzi, Prometheus Operator) against the hand-written schemas in a folder.

Usage: validate-custom-resources.py <schema dir> <manifest.json>...
Each manifest is checked against <schema dir>/<kind>.json; a kind without a schema fails, so none is skipped silently.
Runs on the Python of kubernetes-validate's venv, which already has jsonschema.
"""
import json
import os
import sys

import jsonschema


def main() -> int:
    schema_dir, files = sys.argv[1], sys.argv[2:]
    failures = 0
    for path in files:
        with open(path, encoding="utf-8") as handle:
            manifest = json.load(handle)
        kind = manifest.get("kind", "")
        schema_path = os.path.join(schema_dir, f"{kind}.json")
        if not os.path.exists(schema_path):
            print(f"{path}: no schema for kind {kind!r} in {schema_dir}")
            failures += 1
            continue
        with open(schema_path, encoding="utf-8") as handle:
            schema = json.load(handle)
        validator = jsonschema.Draft202012Validator(schema)
        for error in sorted(validator.iter_errors(manifest), key=lambda error: list(error.absolute_path)):
            location = "/".join(str(part) for part in error.absolute_path) or "(root)"
            print(f"{path}: {kind} {manifest.get('metadata', {}).get('name')}: {location}: {error.message}")
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
