import { expect, test, inputFolder, keepScreenshot } from './fixtures'

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
  await page.getByTestId('create-workspace').click()
  await page.getByTestId('master-input').setInputFiles(f.master)
  await expect(page.getByTestId('master-status')).toContainText('induk.csv')
  await page.getByTestId('village-input').setInputFiles([f.village])
  await expect(page.getByTestId('village-table').locator('tbody tr')).toHaveCount(1)

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
  const editor = grid.locator('.ag-cell-inline-editing input')
  await expect(editor).toBeFocused()
  await page.keyboard.type('xamv')
  await page.keyboard.press('Escape')
  await expect(grid.locator('.ag-cell-inline-editing')).toHaveCount(0)
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
  expect(keys).toEqual(['J', 'K', 'A', 'M', 'X', 'V', 'D', 'Space', 'Ctrl+A', 'Shift+A', 'Shift+M', 'Shift+V', 'Enter', 'F2', '/', 'Ctrl+F', 'Ctrl+Z', 'Ctrl+Y', 'Ctrl+Shift+Z', '?', 'Esc'])
  await expect(help.getByTestId('shortcut')).toHaveCount(18)
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
})
