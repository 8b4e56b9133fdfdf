"""A registration or attendance list as the secretariat has it, read and checked row by row.

Pure: the file's bytes and name in, a `Preview` out; nothing is written (pipelines/ingest.py
writes). Two shapes of list are understood:

- **persons**: one row per person, with columns such as name, email, country, institution,
  position, sex, attended, date (a form's or a video call's export; headers in English, French or
  Arabic, in any order, on any of the first rows);
- **counts**: one row per country (and optionally institution and sex) with a `participants` count.

Every problem is reported by the row a spreadsheet shows (1 = the file's first row) and the column's
header as the file writes it. A problem with the whole file (empty, too large, unreadable, a required
column missing) stops everything; a problem with a row rejects that row, with its reasons, and the
other rows can still load. What the reader had to assume (a semicolon delimiter, a Windows
encoding, a title above the header) is said as a notice. Country names go through the project's one
resolver (pipelines/countries.py), and what each name was matched to is shown for confirmation.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from pipelines import disclosure
from pipelines.countries import CountryResolver, normalise

HEADER_SEARCH_ROWS = 20
#: what spreadsheet programs read as the start of a formula (OWASP "CSV injection"), tab and CR included
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>|javascript:", re.IGNORECASE)
EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
XLSX_MAX_EXPANSION = 50  # a workbook may unzip to at most 50 times its size (a zip bomb does far more)
XLSX_MAX_UNPACKED = 10    # ... and to at most 10 times the upload limit, whatever its ratio (a padded sheet)
MAX_COLUMNS = 200         # a participation list has a dozen columns; a sheet wider than this is not one

#: header (normalised) -> the field it feeds. A reviewed table, like the country aliases: extend it, never guess.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "participant", "participant name", "name original name", "attendee", "nom",
             "nom complet", "nom et prenom", "الاسم", "الاسم الكامل"),
    "first_name": ("first name", "given name", "prenom", "الاسم الأول"),
    "last_name": ("last name", "surname", "family name", "nom de famille", "اسم العائلة"),
    "email": ("email", "e mail", "email address", "e mail address", "user email", "courriel", "adresse e mail",
              "adresse email", "البريد الإلكتروني", "البريد الالكتروني"),
    "country": ("country", "country of residence", "member state", "member country", "pays", "pays membre",
                "etat membre", "الدولة", "البلد"),
    "institution": ("institution", "organisation", "organization", "agency", "institution organisation",
                    "institution organization", "organisme", "الجهة", "المؤسسة"),
    "position": ("position", "job title", "function", "poste", "fonction", "المنصب", "الوظيفة"),
    "sex": ("sex", "gender", "sexe", "genre", "الجنس"),
    "attended": ("attended", "attendance", "present", "participated", "present yes no", "a participe", "الحضور"),
    "date": ("date", "registration date", "registration time", "date of registration", "attendance date",
             "join time", "date d inscription", "تاريخ التسجيل"),
    "participants": ("participants", "number of participants", "headcount", "count", "nombre de participants",
                     "عدد المشاركين"),
}
FIELD_OF = {alias: field_name for field_name, aliases in COLUMN_ALIASES.items() for alias in aliases}
PERSON_FIELDS = ("name", "first_name", "last_name", "email")
TEXT_FIELDS = ("name", "first_name", "last_name", "email", "country", "institution", "position", "sex", "attended", "date")

SEX_VALUES = {
    "female": ("female", "f", "woman", "women", "femme", "feminin", "f e", "أنثى", "انثى"),
    "male": ("male", "m", "man", "men", "homme", "masculin", "ذكر"),
    "not_stated": ("", "prefer not to say", "not stated", "other", "autre", "non precise"),
}
SEX_OF = {normalise(value): sex for sex, values in SEX_VALUES.items() for value in values}
YES = {"yes", "y", "true", "1", "x", "present", "attended", "oui", "o", "نعم"}
NO = {"no", "n", "false", "0", "absent", "non", "لا"}
MONTHS = {name: number for number, names in enumerate(
    [("january", "janvier"), ("february", "fevrier"), ("march", "mars"), ("april", "avril"), ("may", "mai"),
     ("june", "juin"), ("july", "juillet"), ("august", "aout"), ("september", "septembre"),
     ("october", "octobre"), ("november", "novembre"), ("december", "decembre")], start=1)
    for name in (*names, names[0][:3])}


@dataclass(frozen=True)
class Problem:
    """What is wrong, where: `row` as a spreadsheet shows it (None: the whole file), `column` as the
    file's header writes it (None: the whole row)."""

    row: int | None
    column: str | None
    message: str
    #: what the problem is, for the read side to word it in the reader's language (lmi.upload_problems),
    #: with the values its text names; `message` stays the English text of the command line
    code: str = ""
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        where = ", ".join(part for part in (f"row {self.row}" if self.row else "", f"column '{self.column}'" if self.column else "") if part)
        return f"{where}: {self.message}" if where else self.message


@dataclass
class Limits:
    max_bytes: int = 10 * 1024 * 1024
    max_rows: int = 50_000


@dataclass
class Preview:
    """Everything the secretariat needs to confirm a load; built without writing anything."""

    filename: str
    sha256: str
    size: int
    file_format: str = ""
    shape: str = ""                 # persons | counts
    list_kind: str = "attendance"   # attendance | registration | counts
    errors: list[Problem] = field(default_factory=list)    # the file cannot load at all
    notices: list[Problem] = field(default_factory=list)   # read, but check
    problems: list[Problem] = field(default_factory=list)  # by row: each rejects its row
    header: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> the file's header
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    matches: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def valid(self) -> pd.DataFrame:
        return self.rows[self.rows["status"] == "valid"] if len(self.rows) else self.rows

    @property
    def rejected(self) -> pd.DataFrame:
        return self.rows[self.rows["status"] == "rejected"] if len(self.rows) else self.rows

    def problem_table(self) -> pd.DataFrame:
        """Every problem, file-level first, as a table: row, column, problem."""
        listed = [*self.errors, *self.problems]
        return pd.DataFrame([(p.row, p.column, p.message) for p in listed], columns=["row", "column", "problem"])

    def rejected_table(self) -> pd.DataFrame:
        """The rejected rows exactly as the file had them (all its columns), with the row number and reasons."""
        rejected = self.rejected
        width = max([len(self.header), *(len(cells) for cells in rejected.get("cells", []))])
        header = [*self.header, *(f"column {n}" for n in range(len(self.header) + 1, width + 1))]
        rows = [[number, *cells, *[""] * (width - len(cells)), reasons]
                for number, cells, reasons in zip(rejected.get("row", []), rejected.get("cells", []), rejected.get("reasons", []))]
        return pd.DataFrame(rows, columns=["row", *header, "reasons"])

    def public_counts(self, event_id: str, country_names: dict[str, str], threshold: int = 5) -> pd.DataFrame:
        """The valid rows as de-identified counts by country and sex: what the public warehouse may hold.
        Never a name or an email, never an institution (with a country and a sex it names persons), and
        no count of 1 to threshold-1 persons: such a cell is written `<threshold` ("fewer than 5"), as
        statistical offices publish small cells (pipelines/disclosure.py)."""
        valid = self.valid
        columns = ["event_id", "iso3", "country", "institution", "sex", "registered", "attended", "list_kind"]
        if not len(valid):
            return pd.DataFrame(columns=columns)
        rows = []
        for (iso3, sex), group in valid.groupby(["iso3", "sex"], sort=True):
            if self.shape == "counts":
                counts = group["participants"]
                registered, attended = None, (int(counts.sum()) if counts.notna().all() else None)
            else:
                has_attended = "attended" in self.columns
                registered = len(group) if (has_attended or self.list_kind == "registration") else None
                attended = (int(group["attended"].sum()) if has_attended else
                            len(group) if self.list_kind == "attendance" else None)
            rows.append((event_id, iso3, country_names.get(iso3, iso3), "", sex, registered, attended, self.list_kind))
        frame = pd.DataFrame(rows, columns=columns).astype({"registered": "Int64", "attended": "Int64"})
        return disclosure.withhold_small_cells(frame, ["registered", "attended"], threshold)


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where no text cell or header can run as a formula in a spreadsheet program: a text that
    begins with =, +, -, @, a tab or a carriage return, and is not a number, gets a leading apostrophe
    (the rule of the app's downloads, lmi/exports.py)."""
    def safe(value):
        if isinstance(value, str) and value.startswith(FORMULA_START) and not _is_number(value):
            return "'" + value
        return value

    out = frame.map(safe)
    out.columns = [safe(str(column)) for column in frame.columns]
    return out


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text


def read_and_check(content: bytes, filename: str, resolver: CountryResolver, *, names: dict[str, str], members: set[str],
                   list_kind: str = "attendance", known_people: dict[str, str] | None = None,
                   limits: Limits | None = None, today: dt.date | None = None) -> Preview:
    """The file read, every row checked: a Preview. `known_people` maps the person keys already
    loaded for this event to where they came from (a later list may not count a person twice)."""
    limits = limits or Limits()
    preview = Preview(filename=filename, sha256=hashlib.sha256(content).hexdigest(), size=len(content), list_kind=list_kind)
    records = _read(content, filename, limits, preview)
    if not preview.errors and not any(cell.strip() for _, cells in records for cell in cells):
        preview.errors.append(Problem(None, None, "the file is empty (it holds no values)", code="empty_file"))
    if preview.errors:
        return preview
    header_at = _find_header(records, preview)
    if preview.errors:
        return preview
    body = [(number, cells) for number, cells in records[header_at + 1:] if any(cell.strip() for cell in cells)]
    if not body:
        preview.errors.append(Problem(None, None, "the file has a header but no rows of data", code="no_data_rows"))
        return preview
    if len(body) > limits.max_rows:
        preview.errors.append(Problem(None, None, f"the file has {len(body):,} rows; the limit is {limits.max_rows:,} (split it)", code="too_many_rows", params={"rows": len(body), "limit": limits.max_rows}))
        return preview
    check = _check_count_row if preview.shape == "counts" else _check_person_row
    people = dict(known_people or {})
    context = _Context(resolver, preview, people, today or dt.date.today())
    preview.rows = pd.DataFrame([check(number, cells, context) for number, cells in body])
    preview.matches = _matches(preview.rows, names, members)
    return preview


# ---------------------------------------------------------------- reading the file


def _read(content: bytes, filename: str, limits: Limits, preview: Preview) -> list[tuple[int, list[str]]]:
    """(row number, cells) of the file, CSV or XLSX; file-level problems go to preview.errors."""
    if len(content) > limits.max_bytes:
        preview.errors.append(Problem(None, None, f"the file is {_size(len(content))}; the limit is "
                                                  f"{_size(limits.max_bytes)} (split it, or remove unused columns)", code="too_large", params={"size": _size(len(content)), "limit": _size(limits.max_bytes)}))
        return []
    if not content.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        preview.errors.append(Problem(None, None, "the file is empty", code="empty_file_bytes"))
        return []
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    is_zip = content[:4] == b"PK\x03\x04"
    if extension in ("xlsx", "xlsm") or is_zip:
        if extension not in ("xlsx", "xlsm"):
            preview.notices.append(Problem(None, None, f"the file is named .{extension} but is an Excel workbook; read as XLSX", code="xlsx_named_otherwise", params={"extension": extension}))
        preview.file_format = "xlsx"
        return _read_xlsx(content, limits, preview)
    if extension == "xls" or content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        preview.errors.append(Problem(None, None, "this is the old Excel format (.xls); save it as .xlsx or as CSV UTF-8", code="old_excel_format"))
        return []
    if extension not in ("csv", "txt", "tsv"):
        preview.errors.append(Problem(None, None, f"a .{extension or '?'} file cannot be read; upload a CSV or XLSX export", code="unreadable_extension", params={"extension": extension or '?'}))
        return []
    preview.file_format = "csv"
    text = _decode(content, preview)
    return [] if text is None else _split_csv(text, preview)


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.1f} kB" if size >= 1024 else f"{size} bytes"


def _decode(content: bytes, preview: Preview) -> str | None:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if content.startswith(bom):
            try:
                return content.decode(encoding)
            except UnicodeDecodeError:
                break
    else:
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if b"\x00" in content:
        preview.errors.append(Problem(None, None, "the file holds binary data, not text: export the list as CSV or XLSX", code="binary_file"))
        return None
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError as err:
        preview.errors.append(Problem(None, None, f"the file is neither UTF-8 nor Windows-1252 (byte 0x{content[err.start]:02x} "
                                                  f"at offset {err.start}); save it as 'CSV UTF-8'", code="unknown_encoding", params={"byte": content[err.start], "offset": err.start}))
        return None
    preview.notices.append(Problem(None, None, "the file is not UTF-8; it was read as Windows-1252 (Western European). "
                                               "Check the accented names below; save as 'CSV UTF-8' next time", code="read_as_windows_1252"))
    return text


def _split_csv(text: str, preview: Preview) -> list[tuple[int, list[str]]]:
    """Rows of the CSV with the delimiter that yields a recognisable header (comma, semicolon or tab)."""
    best: tuple[int, str, list] | None = None
    for delimiter in (",", ";", "\t"):
        try:
            records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
        except csv.Error as err:
            if delimiter == ",":
                first_error = err
            continue
        found = max((len(_fields_of(cells)) for cells in records[:HEADER_SEARCH_ROWS]), default=0)
        if best is None or found > best[0]:
            best = (found, delimiter, records)
    if best is None:
        preview.errors.append(Problem(None, None, f"the CSV is malformed ({first_error}); the file may be truncated", code="malformed_csv", params={"first_error": first_error}))
        return []
    _, delimiter, records = best
    if delimiter != ",":
        name = {";": "semicolons", "\t": "tabs"}[delimiter]
        preview.notices.append(Problem(None, None, f"the values are separated by {name}, not commas (a usual export in "
                                                   "French or Turkish settings); read that way", code="other_separator", params={"name": name}))
    return [(number, cells) for number, cells in enumerate(records, start=1)]


def _read_xlsx(content: bytes, limits: Limits, preview: Preview) -> list[tuple[int, list[str]]]:
    """The first sheet's rows, streamed (openpyxl read-only): refused before parsing when the archive or the
    sheet's declared dimension passes the limits, and as soon as the rows, columns or text counted so far do."""
    import openpyxl  # only for workbooks

    def refuse(message: str, code: str, **params) -> list:
        preview.errors.append(Problem(None, None, message, code=code, params=params))
        return []

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
        if expanded > limits.max_bytes and (expanded > XLSX_MAX_EXPANSION * max(len(content), 1)
                                            or expanded > XLSX_MAX_UNPACKED * limits.max_bytes):
            return refuse(f"the workbook unpacks to {expanded / 1e6:.0f} MB; refused as unsafe",
                          "xlsx_too_large_unpacked", megabytes=expanded / 1e6)
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as err:  # zipfile, openpyxl and XML errors alike: the file is not a usable workbook
        return refuse(f"not a readable XLSX workbook ({err.__class__.__name__})", "unreadable_xlsx", error=err.__class__.__name__)
    most_rows = limits.max_rows + HEADER_SEARCH_ROWS
    try:
        sheet = workbook.worksheets[0]
        if len(workbook.worksheets) > 1:
            others = ", ".join(repr(other.title) for other in workbook.worksheets[1:])
            preview.notices.append(Problem(None, None, f"read the first sheet {sheet.title!r}; not read: {others}", code="first_sheet_only",
                                           params={"sheet": sheet.title, "others": others}))
        if (sheet.max_row or 0) > most_rows:  # the sheet's own <dimension>, read before any row
            return refuse(f"the sheet declares {sheet.max_row:,} rows; the limit is {limits.max_rows:,} (split it)",
                          "sheet_declares_too_many_rows", rows=sheet.max_row, limit=limits.max_rows)
        if (sheet.max_column or 0) > MAX_COLUMNS:
            return refuse(f"the sheet declares {sheet.max_column:,} columns; a list may have at most {MAX_COLUMNS}",
                          "sheet_declares_too_many_columns", columns=sheet.max_column, limit=MAX_COLUMNS)
        width = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
        # NOTE: read-only openpyxl stops at the declared last row, so a wrong dimension silently lost rows: count them
        # instead. Rows are read one column wider than declared (or than the limit), and no wider.
        sheet.reset_dimensions()
        records, text = [], 0
        for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=width + 1), start=1):
            if number > most_rows:
                return refuse(f"the sheet has more than {limits.max_rows:,} rows (split it)", "too_many_sheet_rows", limit=limits.max_rows)
            last = max((index for index, value in enumerate(values) if value is not None and value != ""), default=-1)
            if last >= width:
                return refuse(f"row {number} has a cell beyond column {width}"
                              + (" (the sheet's declared width)" if width < MAX_COLUMNS else f"; a list may have at most {MAX_COLUMNS}"),
                              "cell_beyond_declared_width" if width < MAX_COLUMNS else "cell_beyond_column_limit",
                              row=number, width=width, limit=MAX_COLUMNS)
            cells = [_cell_text(value) for value in values[:last + 1]]
            text += sum(map(len, cells))
            if text > limits.max_bytes:
                return refuse(f"the sheet holds more than {_size(limits.max_bytes)} of text by row {number}; "
                              f"the limit is {_size(limits.max_bytes)} (split it)", "sheet_text_too_large",
                              limit=_size(limits.max_bytes), row=number)
            records.append((number, cells))
        return records
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---------------------------------------------------------------- the header


def _header_key(text: str) -> str:
    text = normalise(text).replace("/", " ").replace(":", " ").replace("?", " ").replace("*", " ")
    return re.sub(r"\s+", " ", text).strip()


def _fields_of(cells: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(cells):
        field_name = FIELD_OF.get(_header_key(cell))
        if field_name:
            found.setdefault(field_name, []).append(index)
    return found


def _find_header(records: list[tuple[int, list[str]]], preview: Preview) -> int:
    """Index of the header record (the first of the first rows that names a country column)."""
    for index, (number, cells) in enumerate(records[:HEADER_SEARCH_ROWS]):
        found = _fields_of(cells)
        if "country" not in found:
            continue
        preview.header = [cell.strip() for cell in cells]
        for field_name, positions in found.items():
            if len(positions) > 1:
                named = " and ".join(repr(preview.header[i]) for i in positions)
                preview.errors.append(Problem(number, None, f"two columns are read as {field_name}: {named}; keep one", code="duplicate_column", params={"field_name": field_name, "named": named}))
        preview.columns = {field_name: preview.header[positions[0]] for field_name, positions in found.items()}
        preview.shape = "counts" if "participants" in found and not any(f in found for f in PERSON_FIELDS) else "persons"
        if preview.shape == "counts":
            preview.list_kind = "counts"
        elif "name" not in found and not {"first_name", "last_name"} <= set(found):
            preview.errors.append(Problem(number, "name", "missing required column 'name' (or 'first name' and 'last name'); "
                                                         f"found: {', '.join(h for h in preview.header if h) or 'no headers'}", code="missing_name_column", params={"found": ', '.join(h for h in preview.header if h) or 'no headers'}))
        if index:
            preview.notices.append(Problem(number, None, f"the header is on row {number}; rows 1-{number - 1} above it "
                                                         "(a title or export details) were skipped", code="header_not_first_row", params={"number": number, "last_skipped": number - 1}))
        unused = [h for h, cell in zip(preview.header, cells) if h and not FIELD_OF.get(_header_key(cell))]
        if unused:
            preview.notices.append(Problem(None, None, f"columns not used: {', '.join(unused)} (kept only in the private archive)", code="unused_columns", params={"columns": ', '.join(unused)}))
        return index
    first = next((cells for _, cells in records if any(c.strip() for c in cells)), [])
    shown = ", ".join(c.strip() for c in first if c.strip())[:200] or "nothing"
    preview.errors.append(Problem(None, "country", f"missing required column 'country': no header with a country column "
                                                   f"in the first {HEADER_SEARCH_ROWS} rows (the first row reads: {shown})", code="missing_country_column", params={"rows_searched": HEADER_SEARCH_ROWS, "shown": shown}))
    return 0


# ---------------------------------------------------------------- the rows


@dataclass
class _Context:
    resolver: CountryResolver
    preview: Preview
    people: dict[str, str]
    today: dt.date
    seen: dict[tuple, int] = field(default_factory=dict)


def _cells(number: int, cells: list[str], context: _Context) -> tuple[dict[str, str] | None, list[Problem]]:
    """The row's fields by name, and the problems every list shares (formulas, markup); None for the
    fields of a row wider than the header, whose cells cannot be trusted to be in their columns."""
    preview, problems = context.preview, []
    header = preview.header
    if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header):]):
        return None, [Problem(number, None, f"the row has {len(cells)} cells and the header {len(header)}: a comma or "
                                            "semicolon inside an unquoted value?", code="cell_count_mismatch", params={"cells": len(cells), "header_cells": len(header)})]
    values = {}
    for field_name, column in preview.columns.items():
        raw = cells[header.index(column)] if header.index(column) < len(cells) else ""
        text = " ".join(raw.split())
        values[field_name] = text
        if raw.lstrip(" ").startswith(FORMULA_START) and not (field_name == "participants" and _is_integer(text)):
            problems.append(Problem(number, column, f"the cell begins with {raw.lstrip(' ')[:1]!r}, which spreadsheet programs "
                                                    "run as a formula; remove that character", code="formula_cell", params={"first": raw.lstrip(' ')[:1]}))
        elif MARKUP.search(raw):
            problems.append(Problem(number, column, "the cell holds HTML or script markup; write plain text", code="markup_cell"))
    return values, problems


def _country(number: int, values: dict[str, str], context: _Context, problems: list[Problem]) -> str | None:
    column = context.preview.columns["country"]
    written = values["country"]
    if not written:
        problems.append(Problem(number, column, "country is blank", code="country_blank"))
        return None
    match = context.resolver.resolve(written)
    if match is None:
        problems.append(Problem(number, column, f"unknown country {written!r}: no alias, OIC, World Bank or ISO name matches", code="unknown_country", params={"written": written}))
        return None
    if match.kind != "economy":
        problems.append(Problem(number, column, f"{written!r} is a group of countries, not a country", code="country_is_group", params={"written": written}))
        return None
    return match.code


def _check_person_row(number: int, cells: list[str], context: _Context) -> dict:
    values, problems = _cells(number, cells, context)
    if values is None:
        return _row(number, cells, problems, context)
    columns = context.preview.columns
    name = values.get("name") or " ".join(filter(None, (values.get("first_name", ""), values.get("last_name", ""))))
    if not name:
        problems.append(Problem(number, columns.get("name") or columns.get("first_name"), "name is blank", code="name_blank"))
    iso3 = _country(number, values, context, problems)
    email = values.get("email", "").lower()
    if email and not EMAIL.match(email):
        problems.append(Problem(number, columns["email"], f"{values['email']!r} is not an email address", code="bad_email", params={"email": values['email']}))
    sex = SEX_OF.get(normalise(values.get("sex", "")))
    if sex is None:
        problems.append(Problem(number, columns["sex"], f"sex {values['sex']!r} is not female or male (or blank)", code="bad_sex", params={"sex": values['sex']}))
    attended = None
    if "attended" in columns:
        answer = normalise(values["attended"])
        attended = True if answer in YES else False if answer in NO else None
        if attended is None:
            what = "blank" if not answer else repr(values["attended"])
            problems.append(Problem(number, columns["attended"], f"attended is {what}; write yes or no", code="bad_attended", params={"what": what}))
    when = None
    if values.get("date"):
        when, message = parse_date(values["date"], context.today)
        if message:
            problems.append(Problem(number, columns["date"], message))
    key = _person_key(email, name, iso3)
    _duplicate(number, key, "the same email" if email else "the same name and country", context, problems)
    return _row(number, cells, problems, context, name=name, email=email or None, country=values["country"], iso3=iso3,
                institution=values.get("institution") or None, position=values.get("position") or None,
                sex=sex, attended=attended, date=when, participants=None, person_key=key)


def _check_count_row(number: int, cells: list[str], context: _Context) -> dict:
    values, problems = _cells(number, cells, context)
    if values is None:
        return _row(number, cells, problems, context)
    columns = context.preview.columns
    iso3 = _country(number, values, context, problems)
    count = None
    text = values["participants"]
    if text:
        if not _is_integer(text):
            if not any(p.column == columns["participants"] for p in problems):
                problems.append(Problem(number, columns["participants"], f"{text!r} is not a whole number", code="not_whole_number", params={"text": text}))
        elif int(text) < 0:
            problems.append(Problem(number, columns["participants"], f"{text} is negative; a count is 0 or more", code="negative_count", params={"text": text}))
        else:
            count = int(text)
    sex = SEX_OF.get(normalise(values.get("sex", "")))
    if sex is None:
        problems.append(Problem(number, columns["sex"], f"sex {values['sex']!r} is not female or male (or blank)", code="bad_sex", params={"sex": values['sex']}))
    institution = values.get("institution") or None
    key = "counts:" + "|".join(str(part) for part in (iso3, normalise(institution or ""), sex))
    _duplicate(number, key, "the same country, institution and sex", context, problems)
    return _row(number, cells, problems, context, name=None, email=None, country=values["country"], iso3=iso3,
                institution=institution, position=None, sex=sex, attended=None, date=None, participants=count, person_key=key)


def _duplicate(number: int, key: str, what: str, context: _Context, problems: list[Problem]) -> None:
    if key in context.seen:
        problems.append(Problem(number, None, f"duplicate of row {context.seen[key]} ({what})", code="duplicate_row", params={"first_row": context.seen[key], "what": what}))
    elif key in context.people:
        problems.append(Problem(number, None, f"already loaded for this event ({context.people[key]})", code="already_loaded", params={"earlier": context.people[key]}))
    else:
        context.seen[key] = number


ROW_FIELDS = ("name", "email", "country", "iso3", "institution", "position", "sex", "attended", "date", "participants", "person_key")


def _row(number: int, cells: list[str], problems: list[Problem], context: _Context, **fields) -> dict:
    context.preview.problems.extend(problems)
    return {"row": number, **dict.fromkeys(ROW_FIELDS), **fields, "status": "rejected" if problems else "valid",
            "reasons": "; ".join(f"{p.column}: {p.message}" if p.column else p.message for p in problems),
            "cells": cells}


def _person_key(email: str, name: str, iso3: str | None) -> str:
    """Who a row is, for duplicates: the email where there is one, else the name and country; hashed."""
    basis = f"email:{email}" if email else f"name:{normalise(name)}|{iso3}"
    return hashlib.sha256(basis.encode()).hexdigest()[:32]


def _is_integer(text: str) -> bool:
    return bool(re.fullmatch(r"[+-]?\d+", text.strip()))


def parse_date(text: str, today: dt.date) -> tuple[dt.date | None, str | None]:
    """A date as forms write it: ISO (with or without a time), 31.12.2024, 31/12/2024 where the day is
    above 12, '2 June 2021', 'June 2, 2021'. Ambiguous or implausible dates are refused, not guessed."""
    text = text.strip()
    found = None
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", text):
        found = _date(int(match[1]), int(match[2]), int(match[3]))
    elif match := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        found = _date(int(match[3]), int(match[2]), int(match[1]))
    elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AaPp][Mm])?)?", text):
        first, second = int(match[1]), int(match[2])
        if first <= 12 and second <= 12 and first != second:
            return None, f"{text!r} is ambiguous (day/month or month/day?); write it as YYYY-MM-DD"
        found = _date(int(match[3]), second, first) if first > 12 or first == second else _date(int(match[3]), first, second)
    elif match := re.fullmatch(r"(\d{1,2}) ([A-Za-zéû]+)\.? (\d{4})", _plain(text)):
        found = _date(int(match[3]), MONTHS.get(match[2].lower(), 0), int(match[1]))
    elif match := re.fullmatch(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})", _plain(text)):
        found = _date(int(match[3]), MONTHS.get(match[1].lower(), 0), int(match[2]))
    if found is None:
        return None, f"{text!r} is not a date (write YYYY-MM-DD)"
    if not dt.date(2000, 1, 1) <= found <= today + dt.timedelta(days=730):
        return None, f"{text!r} is not a plausible date for a network event"
    return found, None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _plain(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _matches(rows: pd.DataFrame, names: dict[str, str], members: set[str]) -> pd.DataFrame:
    """Each country name as written, what it was matched to, and in how many rows: for confirmation."""
    columns = ["written", "iso3", "matched_name", "oic_member", "rows"]
    if not len(rows):
        return pd.DataFrame(columns=columns)
    rows = rows[rows["country"].notna()]  # a row too wide to read has no country to show
    grouped = rows.groupby(["country", "iso3"], dropna=False, sort=False).size().reset_index(name="rows")
    grouped["matched_name"] = grouped["iso3"].map(lambda code: names.get(code, code) if isinstance(code, str) else None)
    grouped["oic_member"] = grouped["iso3"].map(lambda code: isinstance(code, str) and code in members)
    return grouped.rename(columns={"country": "written"})[columns].sort_values(["iso3", "written"], na_position="first").reset_index(drop=True)

