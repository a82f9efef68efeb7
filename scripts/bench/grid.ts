/**
 * `npm run bench:grid` (last in `npm run bench`): the review grid at ~60,000 village rows, driven in
 * Debian Chromium (/usr/bin/chromium) through the e2e test host (real engine worker, built renderer).
 * Needs `npm run build` first (out/renderer, out/main/engine-worker.js).
 *
 * Untimed setup: the seeded generator (20 desa × 3,000 people by default) → master xlsx + village
 * files, imported with the engine in this process into a temporary workspace, then closed.
 * Timed in the browser, by wall time from Node (Playwright round trips included, ~1–5 ms):
 *   open     click "open workspace" → first `.ag-row` in the review grid (first piece), then every row
 *   filter   select a code in filter-code → the grid's displayed row count (aria-rowcount) changes
 *   edit     accept_village on a finding in the row panel → counts' data-open changes
 *   cell     F2 on a name cell, type, Enter → the engine's reply reached the page and rendered
 *
 *   node out/bench/grid/grid.cjs [--desa 20] [--people 3000] [--repeat 10] [--headed]
 *
 * Built into out/bench/grid/ (three levels below the repository root) because the test host finds
 * the root, the worker and its bridge script from its own __dirname.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

// The test host belongs to the e2e TypeScript project (tsconfig.e2e.json, with the DOM library); vite
// bundles it from its alias (vite.config.mts), so here it is typed by hand below.
// @ts-expect-error TS2307: an alias known to vite only
import { startTestHost as startHost, TEST_PASSPHRASE } from 'cermat-e2e-host/server'
import { chromium, type Page } from 'playwright-core'

import { workspaceDataKey } from '../../electron/engine-host/workspace-key'
import { generateScenario, writeMasterXlsx, writeVillageFile } from '../../test/fixtures/generator/index.mts'
import { arg, ms } from './args'
import { openBenchEngine } from './open-engine'

const startTestHost = startHost as (opts: { userDataDir: string; workspaceDir: string; exportDir: string }) => Promise<{
  url: string
  engine: { call(method: 'listRowsPage' | 'listRowsPacked', args: object): Promise<unknown> }
  stop(): Promise<void>
}>

/** The test host's WebSocket encoding (test/e2e/host/codec.ts), to time it apart. */
const encode = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { $bytes: Buffer.from(v).toString('base64') } : v))

const ROOT = resolve(__dirname, '../../..')
const CHROMIUM = '/usr/bin/chromium'

function stats(times: number[]): string {
  if (times.length === 0) return 'n/a'
  const s = [...times].sort((a, b) => a - b)
  const q = (p: number) => Math.round(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!)
  return `median ${q(0.5)} ms, p95 ${q(0.95)} ms, min ${Math.round(s[0]!)} ms, max ${Math.round(s[s.length - 1]!)} ms (n=${s.length})`
}

/** Two animation frames: whatever the last change scheduled has been painted. */
// Page-side globals (functions passed to page.evaluate; the app's CSP forbids string evaluation),
// declared here because this file is type-checked without the DOM library.
declare const document: { querySelector(selector: string): { getAttribute(name: string): string | null; disabled?: boolean } | null }
declare const requestAnimationFrame: (cb: () => void) => number

const painted = (page: Page) => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))))

const rowCount = (page: Page) => page.getByTestId('review-grid').locator('[role=grid][aria-rowcount]').first().getAttribute('aria-rowcount')

async function main(): Promise<void> {
  for (const need of ['out/renderer/index.html', 'out/main/engine-worker.js']) {
    if (!existsSync(join(ROOT, need))) {
      console.error(`bench:grid: ${need} is missing — run \`npm run build\` first.`)
      process.exit(1)
    }
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`bench:grid: ${CHROMIUM} not found (Debian package "chromium").`)
    process.exit(1)
  }
  // The test host reads its bridge script next to itself.
  copyFileSync(join(ROOT, 'test/e2e/host/bridge.js'), join(__dirname, 'bridge.js'))

  const desaCount = Number(arg('desa', '20'))
  const peoplePerDesa = Number(arg('people', '3000'))
  const repeat = Number(arg('repeat', '10'))
  const root = mkdtempSync(join(tmpdir(), 'cermat-bench-grid-'))
  const dirs = { userData: join(root, 'user'), workspace: join(root, 'ruang-kerja'), exports: join(root, 'paket') }
  mkdirSync(dirs.exports, { recursive: true })
  mkdirSync(dirs.workspace, { recursive: true })

  try {
    // ---- untimed setup ----
    let t = performance.now()
    const scenario = generateScenario({ seed: 20261123, desaCount, peoplePerDesa })
    const master = writeMasterXlsx(scenario)
    const villages = scenario.villageFiles.map((f) => writeVillageFile(scenario, f))
    const generateMs = ms(t)
    t = performance.now()
    // The key the test host will unwrap (its passphrase): with a random one, opening stopped at the unlock dialog.
    const key = await workspaceDataKey(dirs.workspace, { os: null, passphrase: async () => TEST_PASSPHRASE as string })
    const engine = await openBenchEngine(dirs.workspace, undefined, undefined, key)
    await engine.importFile('master', { taskId: 'm', fileName: 'master.xlsx', bytes: master })
    let villageRows = 0
    for (const v of villages)
      villageRows += (await engine.importFile('village', { taskId: 'v', fileName: v.fileName, bytes: v.bytes })).source.rows
    const summary = await engine.summary()
    const importMs = ms(t)
    // Diagnostics for (1): the engine's own listRows, and the test host's JSON encoding of it.
    t = performance.now()
    const allRows = await engine.rows()
    const listRowsMs = ms(t)
    t = performance.now()
    const encoded = encode({ kind: 'reply', id: 1, result: { ok: true, value: allRows } })
    const encodeMs = ms(t)
    t = performance.now()
    JSON.stringify(allRows)
    const plainStringifyMs = ms(t)
    await engine.close()
    const setupRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
    console.log(`Cermat grid benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${CHROMIUM})`)
    console.log(
      `setup (not timed below): generate ${generateMs} ms; import master ${scenario.master.length} + ${villages.length} village files ${villageRows} rows in ${importMs} ms`
    )
    console.log(`workspace: ${summary.rows} rows in the grid, ${summary.open} open findings`)
    console.log(
      `in Node, untimed: engine.rows() ${listRowsMs} ms; test-host encode of that reply ${encodeMs} ms (${(encoded.length / 1e6).toFixed(1)} MB; plain JSON.stringify ${plainStringifyMs} ms)`
    )

    // ---- the browser ----
    const host = await startTestHost({ userDataDir: dirs.userData, workspaceDir: dirs.workspace, exportDir: dirs.exports })
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: !process.argv.includes('--headed'),
      args: ['--enable-precise-memory-info']
    })
    const errors: string[] = []
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } })
      page.setDefaultTimeout(60_000)
      page.on('pageerror', (e) => errors.push(e.message))
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text())
      })
      let replies = 0
      // The bridge's calls as seen from Node (CDP frame events): method, sent, answered, reply size.
      const calls = new Map<number, { method: string; sent: number; replied?: number; bytes?: number }>()
      page.on('websocket', (ws) => {
        ws.on('framesent', (f) => {
          const m = typeof f.payload === 'string' ? /^\{"id":(\d+),"method":"(\w+)"/.exec(f.payload) : null
          if (m) calls.set(Number(m[1]), { method: m[2]!, sent: performance.now() })
        })
        ws.on('framereceived', (f) => {
          if (typeof f.payload !== 'string') return
          if (f.payload.includes('"summary"')) replies++
          const m = /^\{"kind":"reply","id":(\d+)/.exec(f.payload)
          const c = m ? calls.get(Number(m[1])) : undefined
          if (c) Object.assign(c, { replied: performance.now(), bytes: f.payload.length })
        })
      })
      await page.goto(host.url)
      await page.getByTestId('open-workspace').waitFor()
      // start() done (it keeps the buttons disabled while busy) and every call answered.
      await page.waitForFunction(() => document.querySelector('[data-testid=open-workspace]')?.disabled === false)
      while ([...calls.values()].some((c) => c.replied === undefined)) await new Promise((r) => setTimeout(r, 10))

      // (1) open → first rows
      const grid = page.getByTestId('review-grid')
      t = performance.now()
      // CPU of this Node process: the engine worker thread and the test host (the engine side of the figures).
      const cpuAtOpen = process.cpuUsage()
      await page.getByTestId('open-workspace').click()
      // Opening a 60,000-row workspace takes seconds, and minutes on a crowded machine.
      await page.getByTestId('tab-review').click({ timeout: 600_000 })
      await grid.locator('.ag-row').first().waitFor({ timeout: 600_000 })
      const openMs = performance.now() - t
      await painted(page)
      const openPaintMs = performance.now() - t
      const displayed = await rowCount(page)
      console.log(
        `\n(1) open workspace → first grid rows: ${Math.round(openMs)} ms (${Math.round(openPaintMs)} ms to the next painted frame); aria-rowcount ${displayed}`
      )
      // The rest arrives in pieces while the first rows can already be worked on.
      await page.getByTestId('rows-loading').waitFor({ state: 'detached', timeout: 600_000 })
      await painted(page)
      const allMs = performance.now() - t
      const openCpu = process.cpuUsage(cpuAtOpen)
      console.log(
        `    … every row loaded (packed pieces of 15,000 after a first piece of 300): ${Math.round(allMs)} ms; aria-rowcount ${await rowCount(page)}`
      )
      console.log(
        `    engine side CPU from the click to every row (worker thread + test host, this process): ${Math.round((openCpu.user + openCpu.system) / 1000)} ms`
      )
      let firstPiece: number | undefined
      for (const c of calls.values()) {
        if (c.sent < t || c.replied === undefined) continue
        if (c.method === 'listRowsPacked') firstPiece ??= c.replied
        console.log(
          `    ${c.method}: sent at +${Math.round(c.sent - t)} ms, answered at +${Math.round(c.replied - t)} ms (${Math.round(c.replied - c.sent)} ms), reply ${(c.bytes! / 1e6).toFixed(2)} MB`
        )
      }
      if (firstPiece)
        console.log(
          `    first piece's reply → first row in the grid (renderer: decode, store, ag-grid rowData): ${Math.round(openMs - (firstPiece - t))} ms`
        )

      // (2) filters: FIELD_MISMATCH ↔ any
      const select = page.getByTestId('filter-code')
      const applyTimes: number[] = []
      const backTimes: number[] = []
      const counts: Record<string, string | null> = {}
      for (let i = 0; i < repeat; i++) {
        for (const [value, times] of [
          ['FIELD_MISMATCH', applyTimes],
          ['any', backTimes]
        ] as const) {
          const before = await rowCount(page)
          t = performance.now()
          await select.selectOption(value)
          await page.waitForFunction(
            (b) => document.querySelector('[data-testid=review-grid] [role=grid][aria-rowcount]')?.getAttribute('aria-rowcount') !== b,
            before,
            { polling: 'raf' }
          )
          await painted(page)
          times.push(performance.now() - t)
          counts[value] = await rowCount(page)
        }
      }
      console.log(`(2) filter all/any → FIELD_MISMATCH (aria-rowcount ${counts.FIELD_MISMATCH}): ${stats(applyTimes)}`)
      console.log(`    filter FIELD_MISMATCH → any (aria-rowcount ${counts.any}): ${stats(backTimes)}`)

      // (3) accept a finding in the row panel → counts change
      await select.selectOption('FIELD_MISMATCH')
      await painted(page)
      const countsEl = page.getByTestId('counts')
      const editTimes: number[] = []
      for (let i = 0; i < repeat; i++) {
        await grid.locator(`[role=row][row-index="${i}"] [role=gridcell][col-id=nama]`).click()
        const button = page
          .getByTestId('row-panel')
          .locator('[data-testid=finding][data-status=open] button[data-action=accept_village]')
          .first()
        if ((await button.count()) === 0) continue
        const before = await countsEl.getAttribute('data-open')
        t = performance.now()
        await button.click()
        await page.waitForFunction((b) => document.querySelector('[data-testid=counts]')?.getAttribute('data-open') !== b, before, {
          polling: 'raf'
        })
        await painted(page)
        editTimes.push(performance.now() - t)
      }
      console.log(`(3) accept_village (row panel) → counts data-open updated: ${stats(editTimes)}`)

      // (3b) a cell edit: F2 on the name, type, Enter → the engine's reply applied and painted
      await select.selectOption('all')
      await painted(page)
      const cellTimes: number[] = []
      for (let i = 0; i < repeat; i++) {
        // Keyboard, as operators edit: the mouse would meet the previous cell's tooltip.
        const cellEl = grid.locator(`[role=row][row-index="${i + 2}"] [role=gridcell][col-id=nama]`)
        await cellEl.focus()
        await page.keyboard.press('F2')
        const editor = page.getByTestId('cell-editor')
        if ((await editor.count()) === 0) {
          await page.keyboard.press('Escape')
          continue
        }
        await editor.fill(`BENCH NAMA ${i}`)
        const before = replies
        t = performance.now()
        await editor.press('Enter')
        await page.waitForFunction(() => true) // let the frame listener run
        while (replies === before) await new Promise((r) => setTimeout(r, 1))
        await painted(page)
        cellTimes.push(performance.now() - t)
      }
      console.log(`(3b) cell edit (nama, Enter) → engine reply applied and painted: ${stats(cellTimes)}`)

      const floor: number[] = []
      for (let i = 0; i < repeat; i++) {
        t = performance.now()
        await painted(page)
        floor.push(performance.now() - t)
      }
      console.log(`    (floor: one Playwright round trip + two animation frames, included in each figure above: ${stats(floor)})`)

      const heap = await page.evaluate(() => {
        const m = (performance as unknown as { memory?: { usedJSHeapSize: number; totalJSHeapSize: number } }).memory
        return m ? { used: m.usedJSHeapSize, total: m.totalJSHeapSize } : null
      })
      console.log(
        `\nbrowser JS heap: ${heap ? `${Math.round(heap.used / 1e6)} MB used of ${Math.round(heap.total / 1e6)} MB` : 'n/a'}; ` +
          `Node peak RSS (one process: setup import, then test host + engine worker thread): ${setupRssMb} MB after setup, ${Math.round(process.resourceUsage().maxRSS / 1024)} MB at the end`
      )
      t = performance.now()
      const viaWorker = await host.engine.call('listRowsPage', { limit: 50_000 })
      const workerMs = ms(t)
      t = performance.now()
      const reencoded = encode({ kind: 'reply', id: 0, result: viaWorker }).length
      console.log(
        `diagnostic, after the run: one piece of 50,000 rows through the engine worker (no WebSocket, no browser) ${workerMs} ms; its test-host encode ${ms(t)} ms (${(reencoded / 1e6).toFixed(1)} MB)`
      )
      t = performance.now()
      const packed = await host.engine.call('listRowsPacked', { limit: 50_000 })
      const packedMs = ms(t)
      t = performance.now()
      const packedBytes = encode({ kind: 'reply', id: 0, result: packed }).length
      console.log(
        `    the same piece packed (what the grid loads): ${packedMs} ms through the worker; test-host encode ${ms(t)} ms (${(packedBytes / 1e6).toFixed(1)} MB)`
      )
      if (errors.length > 0) console.log(`page errors: ${errors.slice(0, 5).join(' | ')}`)
    } finally {
      await browser.close()
      await host.stop()
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

void main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
