import { expect, inputFolder, keepScreenshot, newWorkspace, test } from './fixtures'

/** One desa whose list spells three names differently from the master: three rows to resolve. */
function files() {
  const write = inputFolder('keys')
  const master = write('induk.csv', [
    'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
    'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga',
    'SUMBERADI;3404051201100001;3404055708850002;SITI AMINAH;P;1985-08-17;Istri/Suami',
    'SUMBERADI;3404051201100001;3404050303100003;BUDI SANTOSO;L;2010-03-03;Anak',
    'SUMBERADI;3404051201100001;3404054404120004;SRI WAHYUNI;P;2012-04-04;Anak'
  ])
  const village = write('sumberadi.csv', [
    'DESA;NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK;KETERANGAN',
    'SUMBERADI;3404051205800001;3404051201100001;SOEPARMAN;L;12-05-1980;KEPALA KELUARGA;',
    'SUMBERADI;3404055708850002;3404051201100001;SITI AMINAH SARI;P;17-08-1985;ISTRI;',
    'SUMBERADI;3404050303100003;3404051201100001;BUDI SANTOSO;L;03-03-2010;ANAK;',
    'SUMBERADI;3404054404120004;3404051201100001;SRI WAHJUNI;P;04-04-2012;ANAK;'
  ])
  return { master, village }
}

test('an operator resolves a desa with the keyboard only: J/K, A, M, V, F2, ?, /', async ({ page }, testInfo) => {
  const f = files()
  await newWorkspace(page, f.master, [f.village])

  // From here on, the keyboard only.
  await page.getByTestId('tab-review').focus()
  await page.keyboard.press('Enter')
  const grid = page.getByTestId('review-grid')
  const panel = page.getByTestId('row-panel')
  const counts = page.getByTestId('counts')
  await expect(grid.locator('.ag-row').first()).toBeVisible()
  const open = Number(await counts.getAttribute('data-open'))
  // Three names spelled differently: three open findings.
  expect(open).toBe(3)
  await expect(page.getByTestId('keys-help-open')).toHaveText('Pintasan keyboard (?)')

  // J: the first row with an open finding is selected, shown in the panel, and has the focus.
  await page.keyboard.press('j')
  const firstOpen = panel.locator('[data-testid=finding][data-status=open]').first()
  await expect(firstOpen).toBeVisible()
  await expect(firstOpen.locator('button[data-action=accept_village] kbd')).toHaveText('A')
  await expect(firstOpen.locator('button[data-action=keep_master] kbd')).toHaveText('M')
  await expect(panel.getByTestId('verify-row').locator('kbd')).toHaveText('V')
  await expect(grid.locator('.ag-row-selected').first()).toBeVisible()
  await expect(grid.locator('.ag-cell-focus')).toHaveCount(1)
  const firstName = (await panel.locator('h2').textContent()) ?? ''

  // K from the first finding: nothing above (a status line says so); J then K come back to it.
  await page.keyboard.press('k')
  await expect(page.getByTestId('keys-hint')).toHaveText('Tidak ada temuan belum selesai di atas baris ini.')
  await page.keyboard.press('j')
  await expect(panel.locator('h2')).not.toHaveText(firstName)
  await page.keyboard.press('k')
  await expect(panel.locator('h2')).toHaveText(firstName)
  await expect(page.getByTestId('keys-hint')).toHaveText('')

  // F2 edits the focused cell; letters typed there are text, not shortcuts; Escape cancels.
  await page.keyboard.press('F2')
  const editor = page.getByTestId('cell-editor')
  await expect(editor).toBeFocused()
  await page.keyboard.type('xamv')
  await page.keyboard.press('Escape')
  await expect(editor).toHaveCount(0)
  await expect(counts).toHaveAttribute('data-open', String(open))
  await expect(panel.locator('.badge-muted')).toHaveCount(0)

  // A: accept the village value of the selected row's finding.
  await page.keyboard.press('a')
  await expect(counts).toHaveAttribute('data-open', String(open - 1))
  await expect(panel.locator('[data-testid=finding][data-status=resolved]').first()).toBeVisible()

  // J, then M: keep the master value on the next row.
  await page.keyboard.press('j')
  await expect(panel.locator('h2')).not.toHaveText(firstName)
  await expect(panel.locator('[data-testid=finding][data-status=open]').first()).toBeVisible()
  await page.keyboard.press('m')
  await expect(counts).toHaveAttribute('data-open', String(open - 2))

  // J to the last row with a finding, V: the row is verified and its finding with it.
  await page.keyboard.press('j')
  await expect(panel.getByTestId('verify-row')).toBeVisible()
  await page.keyboard.press('v')
  await expect(panel.locator('.badge-ok', { hasText: 'Terverifikasi' })).toBeVisible()
  await expect(counts).toHaveAttribute('data-open', String(open - 3))
  // Nothing open below: J stays and says so.
  await page.keyboard.press('j')
  await expect(page.getByTestId('keys-hint')).toHaveText('Tidak ada temuan belum selesai di bawah baris ini.')

  // ?: the help sheet lists every key; Escape closes it and gives the focus back.
  await page.keyboard.press('?')
  const help = page.getByRole('dialog', { name: 'Pintasan keyboard' })
  await expect(help).toBeVisible()
  await expect(help).toHaveAttribute('aria-modal', 'true')
  await expect(page.getByTestId('keys-help-close')).toBeFocused()
  const keys = await help.locator('tbody kbd').allTextContents()
  expect(keys).toEqual([
    'J',
    'K',
    'A',
    'M',
    'X',
    'V',
    'D',
    'Space',
    'Ctrl+A',
    'Shift+A',
    'Shift+M',
    'Shift+V',
    'Enter',
    'F2',
    '/',
    'Ctrl+F',
    'Ctrl+C',
    'Ctrl+Shift+C',
    'Shift+F10',
    'Menu',
    'Ctrl+Z',
    'Ctrl+Y',
    'Ctrl+Shift+Z',
    '?',
    'Esc'
  ])
  await expect(help.getByTestId('shortcut')).toHaveCount(21)
  await expect(help).toContainText('Ke baris berikutnya yang temuannya belum selesai')
  await expect(help).toContainText('Terima data desa')
  // Keys other than Escape do nothing while the sheet is open (Tab stays inside it).
  const before = await counts.getAttribute('data-open')
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('keys-help-close')).toBeFocused()
  await page.keyboard.press('j')
  await keepScreenshot(page, testInfo, 'keyboard-help')
  await page.keyboard.press('Escape')
  await expect(help).toHaveCount(0)
  await expect(counts).toHaveAttribute('data-open', before ?? '')

  // /: the search box takes the focus; what is typed there is a name, not shortcuts.
  await page.keyboard.press('/')
  const search = page.getByTestId('search')
  await expect(search).toBeFocused()
  await page.keyboard.type('aminah')
  await expect(search).toHaveValue('aminah')
  await expect(counts).toHaveAttribute('data-open', before ?? '')
  await expect(grid.locator('.ag-cell[col-id=nama]')).toHaveCount(1)
  await expect(grid.locator('.ag-cell[col-id=nama]')).toContainText('SITI AMINAH')

  // Editing checks as it is typed (the engine's own rules): a date that cannot be is said at once,
  // Enter does not take it, Esc leaves the old value; a right one is saved.
  const dateCell = grid.locator('.ag-cell[col-id=tanggal_lahir]').first()
  const oldDate = (await dateCell.textContent())?.trim() ?? ''
  await dateCell.focus()
  await page.keyboard.press('F2')
  await expect(editor).toBeFocused()
  await page.keyboard.type('31-02-1985')
  await expect(page.getByTestId('cell-editor-note')).toHaveText('Tulis tanggal sebagai HH-BB-TTTT, mis. 12-05-1980.')
  await expect(editor).toHaveAttribute('aria-invalid', 'true')
  await page.keyboard.press('Enter')
  await expect(editor).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(editor).toHaveCount(0)
  await expect(dateCell).toHaveText(oldDate)
  await expect(page.getByTestId('notice-error')).toHaveCount(0)
  await page.keyboard.press('F2')
  await page.keyboard.type('18-08-1985')
  await expect(page.getByTestId('cell-editor-note')).toHaveText('Enter menyimpan, Esc membatalkan')
  await page.keyboard.press('Enter')
  await expect(dateCell).toHaveText('18-08-1985')
  // The typed date is the operator's answer to the difference; the NIK's date part now disagrees (a warning).
  await expect(dateCell).toHaveClass(/cell-warning/)
  await dateCell.hover()
  await expect(page.locator('.ag-tooltip')).toContainText('NIK')
})

test('a probable match is linked to the master person (M) or marked a new proposal (A), keyboard only', async ({ page }) => {
  const write = inputFolder('keys-probable')
  const master = write('induk.csv', [
    'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
    'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga',
    'SUMBERADI;3404051201100001;3404055708850002;SITI AMINAH;P;1985-08-17;Istri/Suami'
  ])
  // Both NIKs mistyped by one digit: the engine offers the master person for each.
  const village = write('sumberadi.csv', [
    'DESA;NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK',
    'SUMBERADI;3404051205800007;3404051201100001;SUPARMAN;L;12-05-1980;KEPALA KELUARGA',
    'SUMBERADI;3404055708850009;3404051201100001;SITI AMINAH;P;17-08-1985;ISTRI'
  ])
  await newWorkspace(page, master, [village])
  await page.getByTestId('tab-review').focus()
  await page.keyboard.press('Enter')
  const panel = page.getByTestId('row-panel')
  const grid = page.getByTestId('review-grid')
  await expect(grid.locator('.ag-cell[col-id=nama]')).toHaveCount(2)

  // J: Suparman, offered as the master's Suparman; M links them: the row takes the master NIK.
  await page.keyboard.press('j')
  await expect(panel.locator('h2')).toHaveText('SUPARMAN')
  const probable = panel.locator('[data-testid=finding][data-code=PROBABLE_MATCH]')
  await expect(probable.locator('button[data-action=keep_master]')).toContainText('Pakai NIK data induk')
  await expect(probable.locator('button[data-action=keep_master] kbd')).toHaveText('M')
  await page.keyboard.press('m')
  await expect(grid.locator('.ag-cell[col-id=nik]').filter({ hasText: '3404051205800001' })).toHaveCount(1)
  await expect(grid.locator('.ag-cell[col-id=nik]').filter({ hasText: '3404051205800007' })).toHaveCount(0)

  // J: Siti; A says she is someone else: a new proposal (usulan baru).
  await page.keyboard.press('j')
  await expect(panel.locator('h2')).toHaveText('SITI AMINAH')
  await page.keyboard.press('a')
  await expect(probable.locator('.badge-ok')).toHaveText('✓ Orang lain: usulan baru')
  await expect(page.getByTestId('undo')).toHaveAttribute('title', /Orang lain: usulan baru/)
})
