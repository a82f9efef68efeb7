import * as XLSX from 'xlsx'

type CellInput = string | number | null | { t: 'n' | 's'; v: string | number; z?: string }

/** An .xlsx with one sheet from rows of cells; strings become text cells (NIKs stay text). */
export function xlsx(rows: CellInput[][], sheetName = 'Sheet1'): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet(
    rows.map((r) => r.map((c) => (c !== null && typeof c === 'object' ? null : c))),
    { dense: true }
  )
  const data = (ws as { '!data'?: XLSX.CellObject[][] })['!data']!
  rows.forEach((r, ri) =>
    r.forEach((c, ci) => {
      if (c !== null && typeof c === 'object') {
        data[ri] ??= []
        data[ri]![ci] = { t: c.t, v: c.v, ...(c.z ? { z: c.z } : {}) } as XLSX.CellObject
      } else if (typeof c === 'string' && data[ri]?.[ci]) data[ri]![ci]!.t = 's'
    })
  )
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length - 1, c: Math.max(...rows.map((r) => r.length)) - 1 } })
  const wb = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(wb, ws, sheetName)
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer)
}

export function csv(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

export const MASTER_HEADER = [
  'ID DTSEN',
  'NAMA DESA',
  'NO KK',
  'NIK',
  'NAMA',
  'JENIS KELAMIN',
  'TEMPAT LAHIR',
  'TANGGAL LAHIR',
  'HUBUNGAN KELUARGA',
  'ALAMAT',
  'RT',
  'RW'
]

/** Three people of desa Sumberadi and one of Tlogoadi. NIK day +40 for women. */
export const MASTER_ROWS = [
  [
    'D1',
    'SUMBERADI',
    '3404051201100001',
    '3404051205800001',
    'SUPARMAN',
    'LAKI-LAKI',
    'SLEMAN',
    '1980-05-12',
    'Kepala Keluarga',
    'DUSUN KRAJAN',
    '003',
    '005'
  ],
  [
    'D2',
    'SUMBERADI',
    '3404051201100001',
    '3404055708850002',
    'SITI AMINAH',
    'PEREMPUAN',
    'BANTUL',
    '1985-08-17',
    'Istri/Suami',
    'DUSUN KRAJAN',
    '003',
    '005'
  ],
  [
    'D3',
    'SUMBERADI',
    '3404051201100001',
    '3404050303100003',
    'BUDI SANTOSO',
    'LAKI-LAKI',
    'SLEMAN',
    '2010-03-03',
    'Anak',
    'DUSUN KRAJAN',
    '003',
    '005'
  ],
  [
    'D4',
    'SUMBERADI',
    '3404051201100009',
    '3404050101500009',
    'MBAH KARSO',
    'LAKI-LAKI',
    'SLEMAN',
    '1950-01-01',
    'Kepala Keluarga',
    'DUSUN NGINO',
    '001',
    '002'
  ],
  [
    'D5',
    'TLOGOADI',
    '3404051301100004',
    '3404051111700004',
    'WAGIMAN',
    'LAKI-LAKI',
    'SLEMAN',
    '1970-11-11',
    'Kepala Keluarga',
    'DUSUN JETIS',
    '001',
    '001'
  ]
]

export function masterFile(): Uint8Array {
  return xlsx([MASTER_HEADER, ...MASTER_ROWS])
}

/** Village file of Sumberadi with title rows; row numbers as Excel shows them are in comments. */
export function sumberadiFile(): Uint8Array {
  return xlsx([
    ['DAFTAR HASIL MUSYAWARAH DESA VERIFIKASI DAN VALIDASI DTSEN'], // 1
    ['DESA SUMBERADI KECAMATAN MLATI'], // 2
    [], // 3
    ['NO', 'NIK', 'No. KK', 'NAMA LENGKAP', 'L/P', 'TEMPAT LAHIR', 'TGL LAHIR', 'SHDK', 'ALAMAT', 'RT', 'RW', 'KETERANGAN'], // 4
    [1, '3404051205800001', '3404051201100001', 'suparman ', 'L', 'Sleman', '12-05-1980', 'KEPALA KELUARGA', 'Dusun Krajan', '3', '5', ''], // 5 clean (case/space noise)
    [2, '3404055708850002', '3404051201100001', 'SITI AMINA', 'P', 'BANTUL', '17-08-1985', 'ISTRI', 'DUSUN KRAJAN', '3', '5', ''], // 6 name differs
    [3, '3404050303100003', '3404051201100001', 'BUDI SANTOSO', 'L', 'SLEMAN', '03-03-2010', 'ANAK', 'DUSUN KRAJAN', '3', '5', 'MENINGGAL'], // 7 status
    [4, '340405030310000', '3404051201100001', 'ANAK BARU', 'P', 'SLEMAN', '01-01-2024', 'ANAK', 'DUSUN KRAJAN', '3', '5', ''], // 8 15 digits
    [
      5,
      '3404054101240005',
      '3404051201100001',
      'PUTRI BARU',
      'P',
      'SLEMAN',
      '01-01-2024',
      'ANAK',
      'DUSUN KRAJAN',
      '3',
      '5',
      'ANGGOTA BARU'
    ], // 9 new
    [6, '3404054101240005', '3404051201100001', 'PUTRI BARU', 'P', 'SLEMAN', '01-01-2024', 'ANAK', 'DUSUN KRAJAN', '3', '5', ''], // 10 duplicate of 9
    ['JUMLAH', '', '', '', '', '', '', '', '', '', '', ''] // 11 total row
  ])
}
