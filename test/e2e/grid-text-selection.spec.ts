import { expect, inputFolder, keepScreenshot, newWorkspace, test } from './fixtures'

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

/** One family; the village has Siti's birth date one year off (a mismatch cell with a tooltip). */
function files() {
  const write = inputFolder('select')
  const master = write('induk.csv', [
    'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
    'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga',
    'SUMBERADI;3404051201100001;3404055708850002;SITI AMINAH;P;1985-08-17;Istri/Suami',
    'SUMBERADI;3404051201100001;3404050303100003;BUDI SANTOSO;L;2010-03-03;Anak'
  ])
  const village = write('sumberadi.csv', [
    'DESA;NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK',
    'SUMBERADI;3404051205800001;3404051201100001;SUPARMAN;L;12-05-1980;KEPALA KELUARGA',
    'SUMBERADI;3404055708850002;3404051201100001;SITI AMINAH;P;17-08-1986;ISTRI',
    'SUMBERADI;3404050303100003;3404051201100001;BUDI SANTOSO;L;03-03-2010;ANAK'
  ])
  return { master, village }
}

test('part of a cell is selected with the mouse and copied; the keyboard, Ctrl+C of the cell and the tooltips still work', async ({
  page
}, testInfo) => {
  const f = files()
  await newWorkspace(page, f.master, [f.village])
  await page.getByTestId('tab-review').click()
  await page.getByTestId('filter-status').selectOption('all')
  const grid = page.getByTestId('review-grid')
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText())
  const nik = grid.locator('.ag-row .ag-cell[col-id=nik]').filter({ hasText: '3404055708850002' })
  await expect(nik).toHaveCount(1)

  // Drag across the first digits of Siti's NIK, as an operator would to take its region code.
  const text = await nik.evaluate((cell) => {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
    const node = walker.nextNode()
    if (!node) throw new Error('no text in the cell')
    const range = document.createRange()
    range.selectNodeContents(node)
    const r = range.getBoundingClientRect()
    return { x: r.x, y: r.y + r.height / 2, width: r.width }
  })
  await page.mouse.move(text.x + 1, text.y)
  await page.mouse.down()
  await page.mouse.move(text.x + text.width * 0.45, text.y, { steps: 8 })
  await page.mouse.up()
  const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '')
  expect(selected.length).toBeGreaterThan(2)
  expect(selected.length).toBeLessThan(16)
  expect('3404055708850002'.startsWith(selected)).toBe(true)
  await keepScreenshot(page, testInfo, 'grid-text-selection')

  // Ctrl+C copies what was selected, not the whole cell.
  await page.keyboard.press('Control+c')
  await expect.poll(clipboard).toBe(selected)

  // The keyboard still moves from cell to cell; Ctrl+C there copies that whole cell (the selection
  // left behind in Siti's NIK is not what the operator means any more).
  await page.keyboard.press('ArrowDown')
  await expect(page.locator(':focus')).toHaveAttribute('col-id', 'nik')
  const below = (await page.locator(':focus').textContent())!.trim()
  expect(below).toMatch(/^\d{16}$/)
  expect(below).not.toBe('3404055708850002')
  await page.keyboard.press('Control+c')
  await expect.poll(clipboard).toBe(below)

  // Tooltips still show on hover: the mouse comes onto a mismatch cell from elsewhere.
  await page.mouse.move(5, 5)
  const mismatch = grid.locator('.ag-row .ag-cell.cell-mismatch').first()
  await mismatch.hover()
  await expect(page.locator('.ag-tooltip')).toContainText('Data induk:')
})
