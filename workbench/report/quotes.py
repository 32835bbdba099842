"""The one quote card: a customer's verbatim words with where they come from, and the wall of them.

Every chapter that shows quotes (voice, codes, the map's evidence) builds its cards here, so a quote
looks and escapes the same everywhere."""
from __future__ import annotations

import html


def quote_id(value: object) -> str:
    """A quote's or unit's id as a footer piece."""
    return f"<code>{html.escape(str(value))}</code>"


def quote_card(sentence: str, footer: list[str], lead: str = "", anchor: str | None = None) -> str:
    """``<blockquote>`` with the escaped ``sentence`` in quotation marks after ``lead`` (HTML, e.g. an
    emoji and a space), and a footer of ``footer``'s HTML pieces (already escaped) joined by " · ";
    ``anchor`` is the card's id for links."""
    ident = f" id='{html.escape(anchor)}'" if anchor else ""
    return (f"<blockquote class='wb-quote'{ident}><p>{lead}“{html.escape(sentence)}”</p>"
            f"<footer>{' · '.join(footer)}</footer></blockquote>")


def wall_html(cards: list[str]) -> str:
    """The cards side by side."""
    return "<div class='wb-quotes'>" + "".join(cards) + "</div>"
