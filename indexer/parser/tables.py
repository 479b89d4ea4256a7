"""Statistics tables (表二/表三/表四) as numbers with stable keys.

The readers walk a stream of tokens (indexer.parser.table_tokens): 表三 in
application_table, 表四 in review_table, 表二 in active_table. A page that
printed cells without separators is read from its digit runs instead
(indexer.parser.glued), only where the table's own arithmetic allows one
reading. The keys are the format's (indexer.parser.table_format); they are
re-exported here for the checks and the pages.
"""
from __future__ import annotations

from typing import Any

from indexer.parser.active_table import active_table
from indexer.parser.application_table import best_application_table, glued_table
from indexer.parser.glued import glued_active_items, glued_application_rows, glued_review_cells
from indexer.parser.review_table import review_table, reviews_from_cells
from indexer.parser.table_format import (  # noqa: F401  (the keys, re-exported)
    ACTIVE_COLUMNS, ACTIVE_ITEMS, APPLICANT_COLUMNS, APPLICATION_COLUMNS, APPLICATION_ROWS,
    REVIEW_CELLS, REVIEW_GROUPS, ROW_KEYS, ROWS_2019, ROWS_2021, item_rows, layout_of,
)
from indexer.parser.table_tokens import tokenize


def extract_tables(text: str, report_format: str = "") -> dict[str, Any]:
    """Find the statistics tables in normalised report text.

    Returns a dict holding whichever of these could be read (absent keys mean
    the table was not found; never raises on odd input):
    "applications" (表三) {"layout", "columns", "rows" {row: {column: number}},
    "missing" [row.column cells printed empty]}, "reviews" (表四) {group: {cell:
    number}}, "active" (表二) {item: {column: number, "amount_unit"?}}, and
    "unreadable" {table: why} for a table whose cells could not be read for
    sure (digits glued without a unique reading, see indexer.parser.glued;
    a 表四 row with the wrong number of cells). 表三 rows whose TAB/pipe row
    has the wrong number of cells, or that print fewer numbers than cells
    with nothing to show which are blank, are left out of "rows" and listed
    in its "damaged" [{row, cells}], so no check runs on them; 表二 items whose glued
    digits have no unique reading are left out and named in "unreadable".
    `report_format` ("2019"/"2021") only breaks ties when the rows found do
    not show the layout.
    """
    if not isinstance(text, str) or not text.strip():
        return {}
    tokens = tokenize(text)
    tables: dict[str, Any] = {}
    unreadable: dict[str, str] = {}
    applications, app_span = best_application_table(tokens, report_format)
    glued = glued_application_rows(text, APPLICATION_ROWS, lambda keys: item_rows(layout_of(keys)))
    read = sum(1 for row in (applications.get("rows") or {}).values()
               if len(row) == len(APPLICATION_COLUMNS)) if applications else 0
    if glued is not None and read < glued.found:
        # only where the usual reading could not read as many rows whole
        unreadable["applications"] = glued.why
        applications = glued_table(glued.rows, report_format, glued.damaged) if glued.rows else {}
    if applications:
        tables["applications"] = applications

    reviews = review_table(tokens, app_span[1] if applications else 0)
    glued_reviews = glued_review_cells(text)
    if glued_reviews is not None:
        cells, unreadable["reviews"] = glued_reviews
        reviews = reviews_from_cells(cells) if cells else {}
    if reviews.get("damaged"):
        cells = reviews["damaged"][0]["cells"]
        unreadable["reviews"] = f"表四 row damaged: {cells} cells where 15 are expected; left out of the checks"
        reviews = {}
    if reviews:
        tables["reviews"] = reviews

    active = active_table(tokens, app_span[0] if applications else len(tokens))
    glued_active = glued_active_items(text)
    if glued_active is not None:
        items, unreadable["active"] = glued_active
        # an item the tokens read is kept; one they could not is the glued reading
        active = {**items, **active}
    if active:
        tables["active"] = active

    unreadable = {name: why for name, why in unreadable.items() if why}
    if unreadable:
        tables["unreadable"] = unreadable
    return tables


def table_warnings(tables: dict[str, Any]) -> list[str]:
    """What `extract_tables` could not read: tables left out (their
    reason) and damaged rows left out of 表三."""
    out = [f"table {name} unreadable: {why}" for name, why in (tables.get("unreadable") or {}).items()]
    for damaged in (tables.get("applications") or {}).get("damaged") or []:
        if damaged.get("why"):
            out.append(f"表三 row {damaged['row']} damaged: its digits have {damaged['why']}; left out of the checks")
        else:
            out.append(f"表三 row {damaged['row']} damaged: {damaged['cells']} cells where "
                       f"{len(APPLICATION_COLUMNS)} are expected; left out of the checks")
    return out
