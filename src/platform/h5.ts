// H5 adapter: browser-only adjustments so the app runs under the server's Content Security Policy.
/**
 * Taro's H5 tab bar renders its items as `<a href="javascript:;">` and switches tabs in its click
 * handler. Following that href is a `javascript:` navigation, which a CSP without 'unsafe-inline'
 * blocks (and reports as an error). Cancelling the link's default action leaves the handler to do
 * its work and keeps the page free of inline script.
 */
export function installH5Fixes(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target as Element | null
      const link = target?.closest?.('a[href^="javascript:"]')
      if (link) event.preventDefault()
    },
    true,
  )
}
