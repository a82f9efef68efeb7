import { useEffect, useRef } from 'react'

import { useAppStore } from '../../store'

/**
 * Prints when the store asks (printBeritaAcara): after the render that drew the berita acara it
 * loaded, so the paper never shows the previous one. Used once, by the App.
 */
export function usePrintBeritaAcara(): void {
  const seq = useAppStore((s) => s.printBaSeq)
  const printed = useRef(seq)
  useEffect(() => {
    if (seq === printed.current) return
    printed.current = seq
    window.print()
  }, [seq])
}
