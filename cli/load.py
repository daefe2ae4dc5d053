"""Loading the books, as every ``kongtun`` command does: never through Beancount's pickle cache.

``beancount.loader.load_file`` keeps the result of a load that took longer than
``PICKLE_CACHE_THRESHOLD`` (1 second) in ``.LEDGER.picklecache`` beside the books and, on the
next load, unpickles that file when the files' sizes and times look unchanged. So a cache
copied along with the books answers for an edited copy (a stale result: "clean" books that are
not), and a crafted cache runs code as it is unpickled. kongtun's commands load the books the
way Fava does (``fava.beans.load.load_uncached``): ``loader._load`` on the file, which neither
reads, writes nor removes the cache (docs/importing.md, "Beancount's cache").

``full=True`` recomputes every month close, never answering from kongtun's verified-closes
cache (:mod:`kongtun.plugins.closes_cache`) nor the verified-year-ends cache
(:mod:`kongtun.plugins.year_ends_cache`): the commands that prove the books use it.
"""

from __future__ import annotations

import os
from typing import Any

from beancount import loader
from beancount.core import data
from beancount.utils import encryption

from kongtun.plugins.load_cache import full_check


def load_books(
    path: str | os.PathLike[str], *, full: bool = False
) -> tuple[list[data.Directive], list[Any], Any]:
    """(entries, errors, options) of the books at ``path``, as ``loader.load_file`` gives them,
    without the pickle cache (an encrypted file is decrypted; Beancount never caches those);
    ``full``: every close recomputed and every recorded year end checked, not answered from
    the verified-closes or verified-year-ends cache."""
    if full:
        with full_check():
            return load_books(path)
    name = os.path.abspath(os.fspath(path))
    if encryption.is_encrypted_file(name):
        entries, errors, options = loader.load_encrypted_file(name)
    else:
        entries, errors, options = loader._load([(name, True)], None, None, None)
    return entries, errors, options
