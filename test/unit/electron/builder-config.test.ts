import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { PACKAGE_EXTENSION } from '../../../electron/main/open-package'

// The installer cannot be built here (the Electron zip comes from GitHub), so its configuration is
// checked against electron-builder's own schema with the parsers electron-builder itself ships.
const require = createRequire(import.meta.url)
const yaml = require('js-yaml') as { load(text: string): unknown }
const Ajv = require('ajv') as new (opts: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] } }

const root = resolve(import.meta.dirname, '../../..')
const config = yaml.load(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as Record<string, Record<string, unknown>> & {
  fileAssociations: Record<string, unknown>[]
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR')
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)]
}

describe('electron-builder.yml', () => {
  it('is valid for the installed electron-builder', () => {
    const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object
    const validate = new Ajv({ allErrors: true, strict: false }).compile(scheme)
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true)
  })

  it('names the product and registers .cermat packages with their MIME type', () => {
    expect(config.appId).toBe('id.go.kecamatan.cermat')
    expect(config.productName).toBe('Cermat')
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({ ext: PACKAGE_EXTENSION.slice(1), mimeType: 'application/vnd.cermat.package+zip', role: 'Viewer' })
    ])
    expect(config.linux!.mimeTypes).toEqual(['application/vnd.cermat.package+zip'])
  })

  it('never deletes userData (the signing key) on uninstall', () => {
    expect(config.nsis!.deleteAppDataOnUninstall).toBe(false)
  })
})

describe('app icon (scripts/icon/draw-icon.mjs)', () => {
  it('icon.png is 512×512', () => {
    expect(pngSize(readFileSync(resolve(root, 'resources/build/icon.png')))).toEqual([512, 512])
  })

  it('icon.ico holds 16 to 256 px images, each a PNG of the size its directory says', () => {
    const ico = readFileSync(resolve(root, 'resources/build/icon.ico'))
    expect(ico.readUInt16LE(2)).toBe(1) // type: icon
    const count = ico.readUInt16LE(4)
    const sizes: number[] = []
    for (let i = 0; i < count; i++) {
      const e = 6 + 16 * i
      const size = ico.readUInt8(e) || 256
      const length = ico.readUInt32LE(e + 8)
      const offset = ico.readUInt32LE(e + 12)
      expect(offset + length).toBeLessThanOrEqual(ico.length)
      expect(pngSize(ico.subarray(offset, offset + length))).toEqual([size, size])
      sizes.push(size)
    }
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]))
  })

  it('the icons the configuration names exist', () => {
    for (const path of [config.win!.icon, config.linux!.icon]) expect(existsSync(resolve(root, path as string)), String(path)).toBe(true)
  })
})
