import { mkdtempSync, writeFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'

import AxeBuilder from '@axe-core/playwright'
import { expect, type Page, test as base, type TestInfo } from '@playwright/test'

import { startTestHost, type TestHost } from './host/server'

export interface HostFixture {
  host: TestHost
  dirs: { userData: string; workspace: string; exports: string }
}

/** Each test: fresh folders, a fresh test host (real engine worker), the app page loaded. */
export const test = base.extend<{ app: HostFixture }>({
  app: [
    async ({ page }, use) => {
      const root = await mkdtemp(join(tmpdir(), 'cermat-e2e-'))
      const dirs = { userData: join(root, 'user'), workspace: join(root, 'ruang-kerja'), exports: join(root, 'paket') }
      await mkdir(dirs.exports, { recursive: true })
      const host = await startTestHost({ userDataDir: dirs.userData, workspaceDir: dirs.workspace, exportDir: dirs.exports })
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text())
      })
      await page.goto(host.url)
      await use({ host, dirs })
      // What the page said while the test ran; stopping the host under a page still loading (rows
      // in pieces, the import queue's read-ahead) makes it say the connection broke, which is true.
      const seen = [...errors]
      await host.stop()
      await rm(root, { recursive: true, force: true })
      expect(seen, 'no errors in the page console').toEqual([])
    },
    // Every test gets its own host and a loaded app page, whether or not it names the fixture.
    { auto: true }
  ]
})

export { expect }

/** The cell of a grid row (pinned or not) by row id and column id. */
export function cell(page: Page, rowId: string, colId: string) {
  return page.locator(`[role=row][row-id="${rowId}"] [role=gridcell][col-id="${colId}"]`)
}

/** A fresh temp folder for one test's input files; `write(name, lines)` puts a file in it and returns its path. */
export function inputFolder(prefix: string): (name: string, lines: string[]) => string {
  const dir = mkdtempSync(join(tmpdir(), `cermat-e2e-${prefix}-`))
  return (name, lines) => {
    writeFileSync(join(dir, name), lines.join('\n'))
    return join(dir, name)
  }
}

/** Serious and critical WCAG 2 A/AA violations of the page as it is now, as readable lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`
    )
}

/** A screenshot kept as a test artifact (test-results/e2e/<test>/<name>.png) and attached to the report. */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`)
  await page.screenshot({ path, fullPage: true })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

/** A new workspace with a master and village files imported through the import screen (one table row per file). */
export async function newWorkspace(page: Page, master: string, villages: string[] = []): Promise<void> {
  await page.getByTestId('create-workspace').click()
  await page.getByTestId('master-input').setInputFiles(master)
  await expect(page.getByTestId('master-status')).toContainText(basename(master))
  if (villages.length === 0) return
  await page.getByTestId('village-input').setInputFiles(villages)
  await expect(page.getByTestId('village-table').locator('tbody tr')).toHaveCount(villages.length)
}

/** One decided change (the first data difference accepted from the village), exported as a package. */
export async function acceptOneAndExport(page: Page): Promise<void> {
  await page.getByTestId('tab-review').click()
  await page.getByTestId('filter-code').selectOption('FIELD_MISMATCH')
  await page.getByTestId('review-grid').locator('.ag-cell.cell-mismatch').first().click()
  const panel = page.getByTestId('row-panel')
  await panel
    .locator('[data-testid=finding][data-code=FIELD_MISMATCH][data-status=open] button[data-action=accept_village]')
    .first()
    .click()
  await expect(panel.locator('[data-testid=finding][data-code=FIELD_MISMATCH][data-status=resolved]').first()).toBeVisible()
  await page.getByTestId('tab-export').click()
  await page.getByTestId('export-button').click()
  await expect(page.getByTestId('export-result')).toBeVisible()
}
