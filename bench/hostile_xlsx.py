"""Peak memory of reading hostile .xlsx files (zip bombs of well under 1 MB): each one is read
by ``catalog.registry.tabular.read_table`` in a child process capped at 6 GB of address space,
and its peak resident memory and outcome are printed. Figures go into the issue notes.

    python bench/hostile_xlsx.py [CHECKOUT] [BOMB …]

builds the files in a temporary directory and reads them with the code of CHECKOUT (default:
this one; another checkout gives the figures before a change), all bombs or those named.
"""

import os
import resource
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["Số giấy chứng nhận", "Tên sản phẩm", "Hạng sao", "Ngày quyết định", "Trạng thái", "Tên chủ thể"]
ROW = ["OCOP-1", "Mật ong", "4", "09/07/2024", "Còn hiệu lực", "HTX Huyền Sơn"]
CAP = 6 * 2**30


def inline_row(number, values):
    cells = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
    return f'<row r="{number}">{cells}</row>'


END = "</sheetData></worksheet>"


def workbook(path, sheet_parts, dimension="", shared_strings=None, styles=None):
    """A minimal workbook whose first sheet's XML is ``sheet_parts`` (an iterable of strings,
    streamed into the archive so the generator itself stays small)."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
        'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        + (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/>'
            if shared_strings
            else ""
        )
        + (
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/>'
            if styles
            else ""
        )
        + "</Types>"
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
        f'Target="xl/workbook.xml"/></Relationships>'
    )
    book = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets>'
        f'<sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    book_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
        f'Target="worksheets/sheet1.xml"/>'
        + (f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>' if shared_strings else "")
        + (f'<Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/>' if styles else "")
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("xl/workbook.xml", book)
        archive.writestr("xl/_rels/workbook.xml.rels", book_rels)
        for name, parts in (
            (
                "xl/worksheets/sheet1.xml",
                [f"<worksheet {ns}>{dimension}<sheetData>", *sheet_parts, "</sheetData></worksheet>"],
            ),
            ("xl/sharedStrings.xml", shared_strings),
            ("xl/styles.xml", styles),
        ):
            if parts is None:
                continue
            with archive.open(name, "w", force_zip64=True) as member:
                for part in parts:
                    member.write(part.encode())
    return path


def repeat(text, times, chunk=10_000):
    for _ in range(times // chunk):
        yield text * chunk


def legit(path, rows=20_000):
    """A real-sized province list (20,000 certificates, the national scale), for comparison."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for i in range(rows):
        stars = str(3 + i % 3)
        sheet.append([f"OCOP-{i:05d}", f"Mật ong rừng số {i}", stars, "09/07/2024", "Còn hiệu lực", f"HTX {i}"])
    book.save(path)
    return path


BOMBS = {
    "legit-20000-rows": legit,
    # one data row of 2 million cells
    "wide-row": lambda p: workbook(
        p, [inline_row(1, HEADER), '<row r="2">', *repeat("<c><v>1</v></c>", 2_000_000), "</row>"]
    ),
    # one data row of 2 million different numbers: packs only about 6:1, under the ratio limit
    "wide-row-varied": lambda p: workbook(
        p, [inline_row(1, HEADER), '<row r="2">', *(f"<c><v>{i}</v></c>" for i in range(2_000_000)), "</row>"]
    ),
    # a cell in the last column (XFD) and the last row, with a dimension to match: every row padded
    "far-cell": lambda p: workbook(
        p,
        [
            inline_row(1, HEADER),
            '<row r="2"><c r="XFD2"><v>1</v></c></row>',
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
        ],
        dimension='<dimension ref="A1:XFD1048576"/>',
    ),
    # 2 million rows
    "many-rows": lambda p: workbook(
        p, [inline_row(1, HEADER), *repeat(inline_row(2, ROW).replace(' r="2"', ""), 2_000_000)]
    ),
    # a shared-strings table of 3 million strings
    "shared-strings": lambda p: workbook(
        p,
        [inline_row(1, HEADER), '<row r="2"><c t="s"><v>0</v></c></row>'],
        shared_strings=[
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
            *repeat("<si><t>Mật ong</t></si>", 3_000_000),
            "</sst>",
        ],
    ),
    # one cell holding a 100-million-character string
    "long-string": lambda p: workbook(
        p,
        [
            inline_row(1, HEADER),
            '<row r="2"><c t="inlineStr"><is><t>',
            *repeat("x" * 1000, 100_000),
            "</t></is></c></row>",
        ],
    ),
    # a style table of 1 million cell formats
    "styles": lambda p: workbook(
        p,
        [inline_row(1, HEADER), inline_row(2, ROW)],
        styles=[
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>',
            *repeat('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>', 1_000_000),
            "</cellXfs></styleSheet>",
        ],
    ),
}

CHILD = """
import os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
import django
django.setup()
from catalog.registry.records import RegistryFileError
from catalog.registry.tabular import read_table
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    read_table({path!r})
    outcome = "read (not refused)"
except RegistryFileError as e:
    outcome = "refused: " + str(e.errors[0])[:110]
except BaseException as e:
    outcome = f"{{type(e).__name__}}: {{str(e)[:90]}}"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{{(peak - base) / 1024:.0f}}|{{time.perf_counter() - start:.1f}}|{{outcome}}")
"""


def main(root=ROOT, names=()):
    with tempfile.TemporaryDirectory() as directory:
        print("| file | size | unpacked | extra peak RSS | time | outcome |\n|---|---|---|---|---|---|")
        for name, build in BOMBS.items():
            if names and name not in names:
                continue
            path = build(Path(directory) / f"{name}.xlsx")
            with zipfile.ZipFile(path) as archive:
                unpacked = sum(m.file_size for m in archive.infolist())
            try:
                child = subprocess.run(
                    [sys.executable, "-c", CHILD.format(root=str(root), cap=CAP, path=str(path))],
                    capture_output=True,
                    cwd=root,
                    text=True,
                    timeout=600,
                    env={**os.environ, "PYTHONWARNINGS": "ignore", "PYTHONDONTWRITEBYTECODE": "1"},
                )
            except subprocess.TimeoutExpired:
                result = ["?", "> 600", "still reading after 10 minutes (stopped)"]
            else:
                lines = child.stdout.strip().splitlines()
                if child.returncode or not lines:
                    result = ["?", "?", f"child died (exit {child.returncode}): {child.stderr.strip()[-120:]}"]
                else:
                    result = lines[-1].split("|", 2)
            print(
                f"| {name} | {path.stat().st_size / 1024:.0f} KB | {unpacked / 2**20:.0f} MB | "
                f"{result[0]} MB | {result[1]} s | {result[2]} |",
                flush=True,
            )


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT, sys.argv[2:])
