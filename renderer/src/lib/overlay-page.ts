import { type RefObject, useEffect } from 'react'

/**
 * A page shown over the app (daftar perbaikan print, package viewer, finding help) while `shown`
 * (what it shows) is not null: `focus` takes the focus, Escape closes it wherever the focus is
 * (after printing it may be on the body), and on close the focus goes back where it was.
 */
export function useOverlayPage(shown: unknown, close: () => void, focus: RefObject<HTMLElement | null>, onOpen?: () => void): void {
  useEffect(() => {
    if (shown === null || shown === undefined) return
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
    onOpen?.()
    focus.current?.focus()
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      e.preventDefault()
      e.stopPropagation()
      close()
    }
    window.addEventListener('keydown', onKeyDown, true)
    return () => {
      window.removeEventListener('keydown', onKeyDown, true)
      before?.focus()
    }
    // onOpen runs once per page shown, with what is shown then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown, close, focus])
}
