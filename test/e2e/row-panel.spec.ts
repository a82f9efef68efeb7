import { expect, inputFolder, newWorkspace, test } from './fixtures'

/** A family of four whose list spells two names differently: a long panel (findings, comparison, family). */
function files() {
  const write = inputFolder('panel')
  const master = write('induk.csv', [
    'NAMA DESA;NO KK;NIK;NAMA;JENIS KELAMIN;TANGGAL LAHIR;HUBUNGAN KELUARGA',
    'SUMBERADI;3404051201100001;3404051205800001;SUPARMAN;L;1980-05-12;Kepala Keluarga',
    'SUMBERADI;3404051201100001;3404055708850002;SITI AMINAH;P;1985-08-17;Istri/Suami',
    'SUMBERADI;3404051201100001;3404050303100003;BUDI SANTOSO;L;2010-03-03;Anak',
    'SUMBERADI;3404051201100001;3404054404120004;SRI WAHYUNI;P;2012-04-04;Anak'
  ])
  const village = write('sumberadi.csv', [
    'DESA;NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK',
    'SUMBERADI;3404051205800001;3404051201100001;SOEPARMAN;L;12-05-1980;KEPALA KELUARGA',
    'SUMBERADI;3404055708850002;3404051201100001;SITI AMINAH;P;17-08-1985;ISTRI',
    'SUMBERADI;3404050303100003;3404051201100001;BUDI SANTOSO;L;03-03-2010;ANAK',
    'SUMBERADI;3404054404120004;3404051201100001;SRI WAHJUNI;P;04-04-2012;ANAK'
  ])
  return { master, village }
}

test('the side panel starts at the top on a new row, follows the filter, and keeps NIK and No. KK on one line', async ({ page }) => {
  // A short window, so the panel has to scroll.
  await page.setViewportSize({ width: 1366, height: 560 })
  const f = files()
  await newWorkspace(page, f.master, [f.village])
  await page.getByTestId('tab-review').click()
  const panel = page.getByTestId('row-panel')
  await expect(page.getByTestId('review-grid').locator('.ag-row').first()).toBeVisible()

  await page.keyboard.press('j')
  await expect(panel.locator('[data-testid=finding][data-status=open]').first()).toBeVisible()
  const first = (await panel.locator('h2').textContent()) ?? ''

  // NIK and No. KK: one line each, the whole value in a tooltip.
  for (const field of ['nik', 'no_kk']) {
    const td = panel.locator(`[data-testid=compare] tr[data-field=${field}] td`).first()
    await expect(td).toHaveCSS('white-space', 'nowrap')
    await expect(td).toHaveAttribute('title', /^\d{16}$/)
  }

  // Scrolled down on one row, the next row opens at its top.
  const scrollTop = () => panel.evaluate((el) => el.scrollTop)
  expect(await panel.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true)
  await panel.evaluate((el) => el.scrollTo(0, el.scrollHeight))
  await expect.poll(scrollTop).toBeGreaterThan(0)
  await page.keyboard.press('j')
  await expect(panel.locator('h2')).not.toHaveText(first)
  await expect.poll(scrollTop).toBe(0)

  // A search that hides the selected row closes the panel rather than show a row the list hides.
  await page.getByTestId('search').fill('BUDI')
  await expect(panel).toContainText('Pilih baris untuk melihat temuannya.')
})

test('the colour legend above the grid wraps at 1366 px without its labels overlapping', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  const f = files()
  await newWorkspace(page, f.master, [f.village])
  await page.getByTestId('tab-review').click()
  await expect(page.getByTestId('review-grid').locator('.ag-row').first()).toBeVisible()
  for (const locale of ['id', 'en']) {
    await page.getByTestId('locale').selectOption(locale)
    const swatches = page.locator('.legend .swatch')
    await expect(swatches).toHaveCount(5)
    const boxes = await swatches.evaluateAll((els) =>
      els.map((e) => ({ ...e.getBoundingClientRect().toJSON(), fits: e.scrollWidth <= e.clientWidth }) as DOMRect & { fits: boolean })
    )
    for (const b of boxes) expect(b.fits).toBe(true)
    // No two labels share a pixel: each starts after the previous one ends, or on a line below it.
    for (let i = 1; i < boxes.length; i++) {
      const [a, b] = [boxes[i - 1]!, boxes[i]!]
      expect(b.left >= a.right || b.top >= a.bottom).toBe(true)
    }
  }
})
