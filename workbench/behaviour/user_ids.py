"""Personal user ids (e-mail addresses, phone numbers) in the opened DuckDB event and users tables,
replaced by the pseudonyms the Study gives them (issue 13), so joins with the Study's tables hold."""
from __future__ import annotations

from typing import Any


def pseudonymise_users(raw: Any, study: str, events: str, users: str) -> None:
    """User ids that are e-mail addresses or phone numbers become the pseudonyms the Study gives them
    (privacy.pseudonyms), in the events and users tables alike, so joins with the Study's tables hold.
    Each distinct id is judged once in Python; the tables are rewritten only when some id is personal."""
    from ..privacy.pseudonyms import is_personal_id, pseudonym, pseudonym_key
    # only ids that could be an e-mail or a phone number reach Python (pseudonyms._PHONE_ID's shape)
    ids = [r[0] for r in raw.execute(
        f"SELECT user FROM (SELECT DISTINCT user FROM {events} UNION SELECT DISTINCT user FROM {users}) "
        r"WHERE contains(user, '@') OR regexp_full_match(trim(user), '\+?[\d\s().\-]{7,24}')").fetchall()]
    key = pseudonym_key(study)
    pairs = [(i, pseudonym(i, key)) for i in ids if is_personal_id(i)]
    if not pairs:
        return
    raw.execute("CREATE TEMP TABLE wb_pseudonyms (old VARCHAR, new VARCHAR)")
    raw.executemany("INSERT INTO wb_pseudonyms VALUES (?, ?)", pairs)
    for table in (events, users):
        raw.execute(f"UPDATE {table} SET user = p.new FROM wb_pseudonyms p WHERE {table}.user = p.old")
