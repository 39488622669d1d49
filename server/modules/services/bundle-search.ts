// Search finds 一件事 bundles: a query containing one of a bundle's life-event words (data/bundle-words.json, read and
// checked once) or the bundle's own name lists that bundle, so "生孩子" leads to 出生一件事 as well as to its items.
import wordsData from './data/bundle-words.json'
import { normalize } from './search'

export interface BundleRef {
  code: string
  name: string
}

const WORDS: Readonly<Record<string, readonly string[]>> = (wordsData as { bundles: Record<string, string[]> }).bundles

/** The bundles a query names, in the order given; `bundles` are the catalog's (code, name). */
export function bundlesForQuery(q: string, bundles: readonly BundleRef[], words: Readonly<Record<string, readonly string[]>> = WORDS): BundleRef[] {
  const text = normalize(q)
  if (!text) return []
  return bundles.filter((b) => {
    const name = normalize(b.name)
    const core = name.replace(/一件事$/, '')
    if (text.includes(name) || (core.length >= 2 && text.includes(core))) return true
    return (words[b.code] ?? []).some((w) => text.includes(normalize(w)))
  })
}

/** The codes the word list names (a test checks each is a real bundle). */
export const bundleWordCodes = (): string[] => Object.keys(WORDS)
