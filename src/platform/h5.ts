// H5 adapter: browser-only adjustments — the app runs under the server's Content Security Policy, and its tappable
// Views (role button, checkbox, radio, tab, switch, link) work from a keyboard.
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

/** What our Views say they are when they are controls (ariaRole): Taro renders them as <taro-view-core role=…>. */
const CONTROL = '[role="button"], [role="checkbox"], [role="radio"], [role="tab"], [role="switch"], [role="link"], [role="menuitem"]'

/**
 * Taro's View is a custom element without keyboard behaviour: a View with ariaRole='button' is announced as a button but
 * cannot be reached with Tab or pressed with Enter / Space. Rather than wrap every control of every page, the H5 build
 * gives each such element tabindex 0 as it appears (one MutationObserver on the document) and turns Enter and Space on
 * a focused one into the click its onClick listens to. Elements with their own tabindex (or aria-disabled) are left as
 * they are. No kept package does this for custom elements (focus-trap, tabbable and the like only find what is
 * focusable already), hence these few lines.
 */
export function installKeyboardControls(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined' || typeof MutationObserver === 'undefined') return
  const enable = (root: ParentNode) => {
    for (const el of Array.from(root.querySelectorAll<HTMLElement>(CONTROL))) {
      if (!el.hasAttribute('tabindex') && el.getAttribute('aria-disabled') !== 'true') el.setAttribute('tabindex', '0')
    }
  }
  enable(document)
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === 'attributes') enable(change.target.parentNode ?? document)
      for (const node of Array.from(change.addedNodes)) {
        if (node instanceof HTMLElement) {
          if (node.matches(CONTROL)) enable(node.parentNode ?? document)
          else enable(node)
        }
      }
    }
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['role'] })
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return
    const target = event.target as HTMLElement | null
    if (!target?.matches?.(CONTROL) || target.getAttribute('aria-disabled') === 'true') return
    event.preventDefault()
    target.click()
  })
}
