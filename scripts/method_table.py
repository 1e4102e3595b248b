"""Regenerate docs/method.md's rule table from where each rule ID is written in keepwarm/ and tests/.

Each rule gets the modules and test files that name it most often (up to four each), so the table follows the code
when modules move: `python scripts/method_table.py` rewrites the rows in place."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "method.md"
ROW = re.compile(r"^\| ([A-Z]+-\d+) \|")
SHOWN = 4


def mentions(folder: str, rule: str) -> list[str]:
    # "CAT-3" in code and docstrings; tests also name it as "test_cat3_..."
    pattern = re.compile(rf"\b{re.escape(rule)}\b|\btest_(?:\w+_)?{rule.lower().replace('-', '')}_")
    counts: Counter[str] = Counter()
    for path in sorted((ROOT / folder).rglob("*")):
        if path.suffix not in (".py", ".html") or "migrations" in path.parts:
            continue
        found = len(pattern.findall(path.read_text(encoding="utf-8")))
        if found:
            relative = path.relative_to(ROOT / folder)
            counts[str(relative.relative_to("templates") if relative.parts[0] == "templates" else relative)] += found
    return [name for name, _ in counts.most_common(SHOWN)]


def cell(names: list[str]) -> str:
    return ", ".join(f"`{name}`" for name in names) or "—"


def main() -> None:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        match = ROW.match(line)
        if match:
            rule = match.group(1)
            lines[index] = f"| {rule} | {cell(mentions('keepwarm', rule))} | {cell(mentions('tests', rule))} |"
    DOC.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
