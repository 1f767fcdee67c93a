"""Refuse an .xlsx that would inflate beyond what any real form needs (a zip bomb), before anything parses it.

An .xlsx is a zip archive: a 514 KB file can hold a sheet that inflates to 500 MB,
and openpyxl would read all of it. The declared sizes, the compression ratio of
each member and then the sizes actually inflated are checked against limits far
above the largest real forms (a 4,000-question survey inflates to under 3 MB, a
list of 200,000 choices to about 42 MB, each about 12 times its packed size).
"""

from __future__ import annotations

import io
import zipfile
import zlib

from fieldapp.xform.model.errors import FormError, Problem
from fieldapp.xform.wording import _  # words shown to people, rendered later in the app language

MAX_INFLATED_BYTES = 256 * 1024 * 1024   # the whole workbook, inflated
MAX_MEMBERS = 10_000                     # files inside the archive
MAX_RATIO = 250                          # inflated / packed size of one member...
RATIO_FROM_BYTES = 4 * 1024 * 1024       # ...once it inflates beyond this (small parts compress very well)
_CHUNK = 4 * 1024 * 1024


def check_workbook(data: bytes, file: str | None = None) -> None:
    """Raise FormError when the workbook `data` is too large inflated, packed suspiciously tight, or damaged."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refusal("workbook_damaged", file) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _refusal("workbook_too_large", file)
        if sum(member.file_size for member in members) > MAX_INFLATED_BYTES:
            raise _refusal("workbook_too_large", file)
        for member in members:
            if member.file_size > RATIO_FROM_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                raise _refusal("workbook_too_large", file)
        # The sizes a zip declares can lie: inflate every member once, counting, and stop at the limit.
        inflated = 0
        try:
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        inflated += len(chunk)
                        if inflated > MAX_INFLATED_BYTES:
                            raise _refusal("workbook_too_large", file)
        except FormError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
            # a damaged archive (bad CRC, cut short) or one packed with a method or password we cannot read
            raise _refusal("workbook_damaged", file) from None


def _refusal(code: str, file: str | None) -> FormError:
    if code == "workbook_too_large":
        problem = Problem(code, _("The workbook inflates to more than {limit} MB, or is packed far tighter than a "
                                  "spreadsheet; FieldApp does not open it.").format(limit=MAX_INFLATED_BYTES // 2**20),
                          file=file, hint=_("Check the file is the form you expect; save it again from a "
                                            "spreadsheet program and retry."))
    else:
        problem = Problem(code, _("The workbook is damaged: its compressed contents cannot be read."), file=file,
                          hint=_("Open it in a spreadsheet program, save it again as .xlsx and retry, or ask "
                                 "for a new copy."))
    return FormError([problem], file=file)
