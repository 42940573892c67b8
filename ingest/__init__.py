"""Files -> Document and Provision records (imports nothing else of phapquy).

    load_path(path) -> [Document]                  one file (several for a bulk JSON corpus)
    load_paths(paths, on_file=...) -> PipelineResult   every file under files and folders
    load_each(files) -> FileOutcome per file        the one file loop (progress, errors)
    parse_text(text) -> Document                    text already extracted
    IngestError and its subclasses                  a file that cannot be read, with the reason
"""

from ingest.errors import IngestError
from ingest.models import Document, Provision
from ingest.pipeline import FileOutcome, iter_files, load_each, load_path, load_paths, parse_text

__all__ = ["Document", "FileOutcome", "IngestError", "Provision", "iter_files", "load_each",
           "load_path", "load_paths", "parse_text"]
