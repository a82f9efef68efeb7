import { describe, expect, it } from 'vitest'

import { parseMemberStatus } from '../../../shared/domain/codes'
import { type HouseholdMember, householdProblems } from '../../../shared/domain/household'
import { bestCandidate, type MatchPerson, nikRelation, scoreCandidate, swappedDate } from '../../../shared/domain/matching'
import { jaroWinkler, nameSimilarity, nameVariantKey } from '../../../shared/domain/names'

describe('name variants', () => {
  it.each([
    ['MUHAMMAD RIZKI', 'MUHAMAD RIZKI'],
    ['Moh. Rizki', 'MUHAMMAD RIZKI'],
    ['MOCHAMAD SHOLEH', 'MUHAMMAD SOLEH'],
    ['ACHMAD FAUZI', 'AHMAD FAUZI'],
    ['ABDULLAH', 'ABDULAH'],
    ['SITTI AMINAH', 'SITI AMINAH'],
    ['NOOR HIDAYAH', 'NUR HIDAYAH'],
    ['SOEHARTO', 'SUHARTO'],
    ['SOEJATNO', 'SUYATNO'],
    ['DJOKO SANTOSO', 'JOKO SANTOSO'],
    ['SURJANI', 'SURYANI'],
    ['PRASETIYO', 'PRASETYO'],
    ['SETYAWAN', 'SETIAWAN'],
    ['LESTARY', 'LESTARI'],
    ['YUSUP', 'YUSUF'],
    ['FATIMA', 'FATIMAH'],
    ['AISAH', 'AISYAH'],
    ['CANIAGO', 'CHANIAGO'],
    ['I WYN SUDARSANA', 'I WAYAN SUDARSANA'],
    ['NI KTUT SARI', 'NI KETUT SARI'],
    ['KDK ARTA', 'I KADEK ARTA'],
    ['I NYM SUARTA', 'NYOMAN SUARTA'],
    ['Hj. Siti Aminah, S.Pd.', 'SITI AMINAH']
  ])('%s and %s are one name spelled two ways', (a, b) => {
    expect(nameVariantKey(a)).toBe(nameVariantKey(b))
  })

  it.each([
    ['I WAYAN SUDARSANA', 'I KETUT SUDARSANA'],
    ['SITI AMINAH', 'SITI AMINA RAHAYU'],
    ['RAHAYU', 'RAHAYUNINGSIH'],
    ['AHMAD', 'MUHAMMAD'],
    ['BUDI SANTOSO', 'BUDI SANTOSA HARTONO']
  ])('%s and %s stay different names', (a, b) => {
    expect(nameVariantKey(a)).not.toBe(nameVariantKey(b))
  })
})

describe('Jaro-Winkler and name similarity', () => {
  it('matches the published reference values', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3)
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 2)
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3)
    expect(jaroWinkler('ABC', 'ABC')).toBe(1)
    expect(jaroWinkler('', 'ABC')).toBe(0)
    expect(jaroWinkler('ABC', 'XYZ')).toBe(0)
  })

  it('is symmetric and ignores word order, titles and spelling variants', () => {
    expect(jaroWinkler('SRI WAHYUNI', 'SRI WAHYUNINGSIH')).toBeCloseTo(jaroWinkler('SRI WAHYUNINGSIH', 'SRI WAHYUNI'), 12)
    expect(nameSimilarity('AMINAH SITI', 'Siti Aminah')).toBe(1)
    expect(nameSimilarity('Drs. Moh. Rizki', 'MUHAMMAD RIZKI')).toBe(1)
    expect(nameSimilarity('SUPARMI', 'SUPARMAN')).toBeGreaterThan(0.85)
    expect(nameSimilarity('SUPARMI', 'BUDI HARTONO')).toBeLessThan(0.6)
    expect(nameSimilarity('', 'BUDI')).toBe(0)
    // A shared common first name alone does not make two people alike (found by bench:accuracy).
    expect(nameSimilarity('MOHAMMAD ZAINAL', 'MUHAMMAD SHOLEH')).toBeLessThan(0.85)
    expect(nameSimilarity('SRI WAHYUNI', 'SRI WAHYUNINGSIH')).toBeGreaterThan(0.9)
    expect(nameSimilarity('AHMAD FAUZI RAHMAN', 'AHMAD FAUZI')).toBeGreaterThan(0.85)
  })
})

describe('NIK relations and swapped dates', () => {
  const nik = '3404051205800123'
  it('names the kind of typo', () => {
    expect(nikRelation('3404051205800124', nik)).toBe('one_digit')
    expect(nikRelation('3404051205801023', nik)).toBe('transposed')
    expect(nikRelation('3404051205800120', nik)).toBe('last_digit_lost')
    expect(nikRelation("'3404.0512.0580.0124", nik)).toBe('one_digit')
    expect(nikRelation('3404051205800999', nik)).toBeNull()
    expect(nikRelation(nik, nik)).toBeNull()
    expect(nikRelation('340405120580012', nik)).toBeNull()
  })
  it('swaps day and month only when both can be months', () => {
    expect(swappedDate('1980-05-12')).toBe('1980-12-05')
    expect(swappedDate('1980-05-13')).toBeNull()
    expect(swappedDate('1980-05-05')).toBeNull()
    expect(swappedDate('12-05-1980')).toBeNull()
  })
})

describe('probable match scoring', () => {
  const master: MatchPerson = {
    nik: '3404051205800123',
    no_kk: '3404050101100001',
    nama: 'MUHAMMAD RIZKI',
    jenis_kelamin: 'L',
    tanggal_lahir: '1980-05-12'
  }
  const row = (p: Partial<MatchPerson>): MatchPerson => ({ ...master, nik: '3404051205800124', ...p })

  it('a NIK typo with the same name and birth date is a probable match, with its reasons', () => {
    const s = scoreCandidate(row({}), master)!
    expect(s.reasons).toEqual(['name_same', 'birthdate_same', 'nik_one_digit', 'sex_same', 'kk_same'])
    expect(s.score).toBe(100)
  })

  it('a spelling variant and a day/month swap still find the person, with a lower score', () => {
    const s = scoreCandidate(row({ nama: 'Moch. Riski', tanggal_lahir: '1980-12-05', nik: '', no_kk: '' }), master)!
    expect(s.reasons).toContain('name_similar')
    expect(s.reasons).toContain('birthdate_swapped')
    expect(s.score).toBeLessThan(100)
    expect(s.score).toBeGreaterThan(70)
  })

  it('the last digit Excel dropped is recognised', () => {
    expect(scoreCandidate(row({ nik: '3404051205800120', tanggal_lahir: '' }), master)!.reasons).toContain('nik_last_digit_lost')
  })

  it('a name alone, a different person of the same date, or another sex is not enough', () => {
    expect(scoreCandidate(row({ nik: '3404059999990001', tanggal_lahir: '', no_kk: '' }), master)).toBeNull()
    expect(scoreCandidate(row({ nama: 'SITI AMINAH', jenis_kelamin: 'P' }), master)).toBeNull()
    expect(scoreCandidate(row({ nik: '3404055505800001', jenis_kelamin: 'P', no_kk: '' }), master)).toBeNull()
    // A newborn sibling with a similar name: same KK, but a known, different date and an unrelated NIK.
    expect(scoreCandidate(row({ nama: 'MUHAMMAD RIZKA', tanggal_lahir: '2026-03-01', nik: '3404050103260002' }), master)).toBeNull()
  })

  it('picks the best candidate and counts the others that passed', () => {
    const other = { ...master, nik: '3404051205800555', nama: 'MUHAMAD RISKI' }
    const best = bestCandidate(row({ nik: '' }), [other, master])!
    expect(best.master).toBe(master)
    expect(best.others).toBe(1)
    expect(bestCandidate(row({ nama: 'BUDI' }), [master])).toBeNull()
  })
})

describe('household checks', () => {
  let id = 0
  const m = (no_kk: string, shdk: string, tanggal_lahir: string): HouseholdMember => ({
    id: ++id,
    row_no: id + 1,
    no_kk,
    shdk,
    tanggal_lahir
  })
  const KK = '3404050101100001'

  it('two heads: a finding on each head, naming the other', () => {
    const fam = [m(KK, 'KEPALA_KELUARGA', '1970-01-01'), m(KK, 'PASANGAN', '1972-01-01'), m(KK, 'KEPALA_KELUARGA', '1995-01-01')]
    const p = householdProblems(fam, { checkNoHead: true })
    expect(p.map((x) => [x.code, x.member.id])).toEqual([
      ['KK_MULTIPLE_HEADS', fam[0]!.id],
      ['KK_MULTIPLE_HEADS', fam[2]!.id]
    ])
    expect(p[0]!.params.other).toBe(String(fam[2]!.row_no))
  })

  it('no head: one finding on the family first row, only for complete lists', () => {
    const fam = [m(KK, 'ANAK', '2000-01-01'), m(KK, 'PASANGAN', '1972-01-01')]
    expect(householdProblems(fam, { checkNoHead: true }).map((x) => [x.code, x.member.id])).toEqual([['KK_NO_HEAD', fam[0]!.id]])
    expect(householdProblems(fam, { checkNoHead: false })).toEqual([])
  })

  it('a child born before a parent; rows without KK or date are not judged', () => {
    const fam = [
      m(KK, 'KEPALA_KELUARGA', '1970-01-01'),
      m(KK, 'PASANGAN', '1975-06-01'),
      m(KK, 'ANAK', '1973-02-02'),
      m(KK, 'ANAK', '1999-01-01'),
      m(KK, 'ANAK', ''),
      m('', 'ANAK', '1900-01-01')
    ]
    const p = householdProblems(fam, { checkNoHead: true })
    expect(p).toHaveLength(1)
    expect(p[0]).toMatchObject({
      code: 'KK_CHILD_OLDER_THAN_PARENT',
      member: fam[2],
      params: { parentShdk: 'PASANGAN', parentDate: '1975-06-01' }
    })
  })
})

describe('member status', () => {
  it('reads Regsosek status numbers as well as words', () => {
    expect(parseMemberStatus('2')).toBe('MENINGGAL')
    expect(parseMemberStatus('6')).toBe('TIDAK_DITEMUKAN')
    expect(parseMemberStatus('1')).toBeNull()
    expect(parseMemberStatus('Meninggal dunia 3 Okt')).toBe('MENINGGAL')
  })
})

describe('dates the checks rely on', () => {
  it('only real calendar dates count', async () => {
    const { isPlausibleBirthDate, isRealIsoDate } = await import('../../../shared/domain/dates')
    expect(isRealIsoDate('2004-02-29')).toBe(true)
    expect(isRealIsoDate('2006-13-24')).toBe(false)
    expect(isRealIsoDate('1986-11-31')).toBe(false)
    expect(isRealIsoDate('0000-00-00')).toBe(false)
    expect(isPlausibleBirthDate('1986-11-31', '2026-11-23')).toBe(false)
    expect(isPlausibleBirthDate('1899-12-31', '2026-11-23')).toBe(false)
    expect(isPlausibleBirthDate('2026-11-24', '2026-11-23')).toBe(false)
    expect(isPlausibleBirthDate('2026-11-23', '2026-11-23')).toBe(true)
  })
  it('an impossible date on a child is not a household problem', () => {
    const fam: HouseholdMember[] = [
      { id: 1, row_no: 2, no_kk: '3404050101100001', shdk: 'KEPALA_KELUARGA', tanggal_lahir: '1970-01-01' },
      { id: 2, row_no: 3, no_kk: '3404050101100001', shdk: 'ANAK', tanggal_lahir: '0000-00-00' }
    ]
    expect(householdProblems(fam, { checkNoHead: true })).toEqual([])
  })
})
