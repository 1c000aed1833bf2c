"""The engine's messages in the interface's language.

The engine raises its errors with English f-strings, which the CLI prints as they are.
scripts/update_translations.py collects each `raise …Error(f"…")` of engine/ into the .ts
(context "Engine"), every interpolated value written as {0}, {1}, …. Here a message is matched
against those templates and the translation is filled with the same values, each of them
translated in turn when it is itself an engine message (a cause quoted in a message). A
message that matches no template stays English; in English nothing is matched at all."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from PySide6.QtCore import QCoreApplication

from mlstm_gui.common import i18n

CONTEXT = "Engine"
_PLACE = re.compile(r"\{(\d+)\}")


@lru_cache(maxsize=4)
def _patterns(ts_file: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """(regex, template) for every engine template with words in it, the most specific first
    (the longest literal text), so "{0}: {1}" is only tried when nothing better matches."""
    forward = i18n.read_ts(i18n.ts_path())[0]
    found = []
    for ctx, template in forward:
        if ctx != CONTEXT:
            continue
        literal = _PLACE.sub("", template).replace("{{", "{").replace("}}", "}")
        if not re.search(r"[A-Za-z]{2}", literal):
            continue
        parts, pos = [], 0
        for m in _PLACE.finditer(template):
            parts.append(_literal(template[pos : m.start()]))
            parts.append("(.+?)")
            pos = m.end()
        parts.append(_literal(template[pos:]))
        found.append((len(literal), re.compile("".join(parts), re.DOTALL), template))
    found.sort(key=lambda item: -item[0])
    return tuple((rx, template) for _, rx, template in found)


def _literal(text: str) -> str:
    return re.escape(text.replace("{{", "{").replace("}}", "}"))


def engine_text(message: object, depth: int = 0) -> str:
    """`message` (an engine error or its text) in the current language, or as it is."""
    text = str(message)
    if i18n.current_language() == i18n.ENGLISH or not text or depth > 2:
        return text
    match = _match(text)
    if match is None:
        return text
    template, values = match
    translated = QCoreApplication.translate(CONTEXT, template)
    if not translated or translated == template:
        return text
    filled = [engine_text(v, depth + 1) for v in values]
    try:
        return translated.format(*filled)
    except (IndexError, KeyError, ValueError):  # a translation that lost a placeholder
        return text


def _match(text: str) -> Optional[tuple[str, tuple[str, ...]]]:
    for rx, template in _patterns(str(i18n.ts_path())):
        m = rx.fullmatch(text)
        if m is not None:
            return template, m.groups()
    return None


__all__ = ["CONTEXT", "engine_text"]
