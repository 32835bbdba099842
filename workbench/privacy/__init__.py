"""Privacy: personal data found and replaced by typed tokens before any analysis sees the text."""
from .names import NameBook, build_name_book, learn_names
from .redactor import TOKENS, TYPES, Redactor, Span

__all__ = ["NameBook", "Redactor", "Span", "TOKENS", "TYPES", "build_name_book", "learn_names"]
