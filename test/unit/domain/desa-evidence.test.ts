import { describe, expect, it } from 'vitest'

import {
  codesIn,
  decideDesa,
  desaEvidence,
  type DesaEvidenceInput,
  desaNamesIn,
  isDesaCodeHeader,
  type MasterDesaRef
} from '../../../shared/domain/desa-evidence'

const DESAS: MasterDesaRef[] = [
  { desa: 'SUKAMERTA', key: 'SUKAMERTA', code: '5108062001' },
  { desa: 'TEGALSARI', key: 'TEGALSARI', code: '51.08.06.2002' },
  { desa: 'SUMBER ADI', key: 'SUMBERADI', code: '' }
]

const input = (over: Partial<DesaEvidenceInput>): DesaEvidenceInput => ({
  desas: DESAS,
  fileName: 'data.xlsx',
  sheetNames: ['Sheet1'],
  titleText: [],
  column: '',
  overlap: new Map(),
  ...over
})

const best = (over: Partial<DesaEvidenceInput>) => decideDesa(desaEvidence(input(over)))

describe('desa evidence ladder', () => {
  it('reads 10-digit and dotted desa codes, never a part of a NIK', () => {
    expect(codesIn('KODE 5108062002 dan 51.08.06.2001')).toEqual(['5108062001', '5108062002'])
    expect(codesIn('NIK 5108064101900001')).toEqual([])
    expect(codesIn('510806')).toEqual([])
  })

  it('finds master desa names as whole words, with or without a prefix', () => {
    expect(desaNamesIn('DAFTAR HASIL MUSYAWARAH DESA SUKAMERTA', DESAS)).toEqual([{ ref: DESAS[0], prefixed: true }])
    expect(desaNamesIn('Desa : Sumber Adi Kec. Mlati', DESAS)).toEqual([{ ref: DESAS[2], prefixed: true }])
    expect(desaNamesIn('hasil musdes tegalsari 2026', DESAS)).toEqual([{ ref: DESAS[1], prefixed: false }])
    expect(desaNamesIn('SUKAMERTANI', DESAS)).toEqual([])
  })

  it('recognises desa code columns in their spellings', () => {
    for (const h of [
      'KODE WILAYAH',
      'kode_desa',
      'identitas/kode_desa',
      'ident-kode_wilayah',
      'Kode Kelurahan',
      'KD DESA',
      'KODE DESA/KEL'
    ])
      expect(isDesaCodeHeader(h), h).toBe(true)
    for (const h of ['KODE KECAMATAN', 'NAMA DESA', 'KODE POS', 'KODE']) expect(isDesaCodeHeader(h), h).toBe(false)
  })

  it('takes a musdes title naming the desa (the meeting is not a desa)', () => {
    const d = best({ titleText: ['DAFTAR HASIL MUSYAWARAH DESA SUKAMERTA', 'TAHUN 2026'] })
    expect(d.best).toMatchObject({ desa: 'SUKAMERTA', kind: 'title' })
    expect(d.conflict).toBeNull()
  })

  it('matches codes in the title, the sheet or the file name against the master codes as written', () => {
    expect(best({ fileName: 'perubahan_5108062002.txt' }).best).toMatchObject({ desa: 'TEGALSARI', kind: 'code' })
    expect(best({ fileName: 'usulan-51.08.06.2001.csv' }).best).toMatchObject({ desa: 'SUKAMERTA', kind: 'code' })
    expect(best({ sheetNames: ['51.08.06.2002'] }).best).toMatchObject({ desa: 'TEGALSARI', kind: 'code' })
    expect(best({ codeColumn: '51.08.06.2001' }).best).toMatchObject({ desa: 'SUKAMERTA', kind: 'column' })
    expect(best({ fileName: 'x_5108069999.csv' }).best).toBeNull()
  })

  it('a desa column wins; agreeing evidence is no conflict', () => {
    const d = best({ column: 'Desa Tegalsari', fileName: 'musdes-tegalsari.xlsx', titleText: ['DESA TEGALSARI'] })
    expect(d.best).toMatchObject({ desa: 'TEGALSARI', kind: 'column' })
    expect(d.conflict).toBeNull()
    expect(d.evidence.map((e) => e.kind)).toEqual(['column', 'title', 'file_name'])
  })

  it('most NIKs being one desa outweighs a file name or title naming another, and the conflict is named', () => {
    const d = best({
      fileName: 'musdes-tegalsari.csv',
      overlap: new Map([
        ['SUKAMERTA', 38],
        ['TEGALSARI', 2]
      ])
    })
    expect(d.best).toMatchObject({ desa: 'SUKAMERTA', kind: 'nik_overlap', value: '38/40', share: 0.95 })
    expect(d.conflict).toMatchObject({ desa: 'TEGALSARI', kind: 'file_name' })
    // A CSV's sheet carries the file's name: counted once, as the file name.
    const csv = best({ fileName: 'musdes-tegalsari.csv', sheetNames: ['musdes-tegalsari'] })
    expect(csv.evidence.map((e) => e.kind)).toEqual(['file_name'])
  })

  it('a small or split overlap is no evidence; no evidence at all leaves the desa unknown', () => {
    expect(best({ overlap: new Map([['SUKAMERTA', 2]]) }).best).toBeNull()
    expect(
      best({
        overlap: new Map([
          ['SUKAMERTA', 5],
          ['TEGALSARI', 6]
        ])
      }).best
    ).toMatchObject({ desa: 'TEGALSARI' })
    expect(
      best({
        overlap: new Map([
          ['SUKAMERTA', 4],
          ['TEGALSARI', 4],
          ['SUMBERADI', 4]
        ])
      }).best
    ).toBeNull()
    expect(best({})).toEqual({ best: null, conflict: null, evidence: [] })
  })
})
