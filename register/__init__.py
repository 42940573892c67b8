"""The issues register (kiến nghị) without HTTP: surveys, issues, links to provisions.

    conn = db.open_database(path, MIGRATIONS)          # with the app's other migrations
    store.create_issue(conn, ...), store.list_issues(conn, IssueFilter(...))
    importer.propose(report_text) -> SurveyGuess         # issues proposed from a survey
    suggest.suggestions(kb, issue) -> hits               # provisions that may answer it
    export.export_docx(items), backup.backup(...), backup.restore(...)

The web app's pages and API over it are in `web/register/`.
"""

from register.schema import MIGRATIONS

__all__ = ["MIGRATIONS"]
