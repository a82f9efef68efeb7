import { useRef } from 'react'

import { useT } from '../../lib/i18n'
import { useAppStore } from '../../store'

/** Packages the viewer opens: the registered .cermat and the .zip the export saves today. */
export const PACKAGE_FILE = /\.(cermat|zip)$/i

/** "Buka paket…": picks a package file; its bytes go to the host, which verifies and reads it. */
export function OpenPackageButton() {
  const t = useT()
  const view = useAppStore((s) => s.viewPackageFile)
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <button type="button" data-testid="open-package" onClick={() => input.current?.click()}>
        {t('ui.viewer.open')}
      </button>
      <input
        ref={input}
        type="file"
        accept=".cermat,.zip"
        hidden
        data-testid="open-package-input"
        aria-label={t('ui.viewer.open')}
        onChange={(e) => {
          const file = e.target.files?.[0]
          e.target.value = ''
          if (file) void file.arrayBuffer().then((b) => view(file.name, new Uint8Array(b)))
        }}
      />
    </>
  )
}
