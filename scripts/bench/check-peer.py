"""The pandas peer of `npm run bench:check`: read the master and every village file, merge each on NIK.

What a ten-line script does with the same files: pandas + openpyxl (xlsx), xlrd (xls), odfpy (ods),
the CSV reader (semicolon). Each village file's header row is the first row with a cell "NIK"
(title rows above it; the header spellings of the generator). Prints one JSON line: wall and CPU time, rows merged, peak RSS.
  python3 check-peer.py DIR FILE...   (DIR holds master.xlsx)
"""
import json
import resource
import sys
import time

import pandas as pd
import xlrd


def text(v):
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def read(path):
    if path.endswith('.csv'):
        return pd.read_csv(path, sep=';', header=None, dtype=str, keep_default_na=False, encoding='utf-8-sig')
    if path.endswith('.xls'):
        # Debian's pandas 1.5 wants xlrd >= 2.0.1 and Debian ships 1.2: xlrd read directly, same cells.
        sheet = xlrd.open_workbook(path).sheet_by_index(0)
        return pd.DataFrame([[text(c) for c in sheet.row_values(i)] for i in range(sheet.nrows)], dtype=str)
    engine = {'xlsx': 'openpyxl', 'ods': 'odf'}[path.rsplit('.', 1)[1]]
    return pd.read_excel(path, header=None, dtype=str, engine=engine, keep_default_na=False)


NIK_HEADERS = {'NIK', 'NO. NIK', 'NOMOR INDUK KEPENDUDUKAN'}


def with_header(raw):
    for i in range(min(len(raw), 30)):
        cells = [str(c).strip().upper() for c in raw.iloc[i]]
        if NIK_HEADERS & set(cells):
            out = raw.iloc[i + 1:].copy()
            out.columns = ['NIK' if c in NIK_HEADERS else (c or f'col{j}') for j, c in enumerate(cells)]
            return out
    raise ValueError('no NIK header')


t = time.perf_counter()
c = time.process_time()
d = sys.argv[1]
master = with_header(read(f'{d}/master.xlsx'))
merged = 0
for f in sys.argv[2:]:
    village = with_header(read(f'{d}/{f}'))
    village = village.loc[:, ~village.columns.duplicated()]
    m = village.merge(master, on='NIK', how='outer', suffixes=('_desa', '_induk'), indicator=True)
    merged += len(m)
wall = (time.perf_counter() - t) * 1000
use = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({'wallMs': round(wall), 'cpuMs': round((time.process_time() - c) * 1000), 'merged': merged, 'peakRssMb': round(use.ru_maxrss / 1024)}))
