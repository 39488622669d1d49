// Catalog search text processing: normalisation, synonym expansion, and the terms both the index and a query are made of.
//
// Method. Every item's name, aliases, keywords and department name are turned into terms at load time and stored
// in the search_postings table (term → item, weight), with document frequencies and each term's posting list in
// search_terms; a query is turned into terms the same way and answered from the node's in-memory copy of those lists,
// one lookup per term (catalog-index.ts), never a scan of all items.
//
// - Normalise: NFKC (full-width → half-width), lower case, punctuation and spaces dropped between Chinese characters.
// - Chinese: overlapping character bigrams ("社保卡" → 社保, 保卡). A dictionary segmenter (jieba and friends) was
//   considered and not used: government item names are dense compounds (港澳通行证, 异地就医备案) that dictionaries cut
//   inconsistently, bigrams need no dictionary and no native module (PGlite and the mini-program build stay plain JS),
//   and partial names ("通行证", "就医备案") still match. Single characters are indexed for names only, for one-character queries.
// - Pinyin: pinyin-pro gives each character's syllables at load time; syllable pairs are indexed like bigrams
//   ("shebaoka" is split by a longest-match over the valid syllables into she|bao|ka → she_bao, bao_ka).
//   Initials are indexed as trigrams and pairs ("sbk", "gjj"), plus the whole initials of a name or alias for an exact hit.
// - Synonyms and typos are data (seed/catalog/synonyms.json): a typo is replaced ("身分证" → "身份证"), a colloquial word
//   adds its expansions at a lower weight ("生孩子" → 出生, 生育).
// - Ranking: exact forms (terms starting with "=": the whole name, an alias or a keyword, in characters, pinyin or
//   initials) carry a weight far above the rest, so exact and alias matches come first; then relevance,
//   Σ query-weight × field-weight × idf (ln(1 + N/df)), rare terms counting more; then popularity (detail opens);
//   then the shorter name.
import { pinyin } from 'pinyin-pro'

/** Field weights in the index. */
export const FIELD_WEIGHT = { name: 3, alias: 2.5, keyword: 2, bundle: 1, department: 0.6, theme: 0.4 } as const
/** Exact-form weights: an exact name or alias beats any sum of partial matches. */
export const EXACT_WEIGHT = { name: 100, alias: 80, pinyin: 60, initials: 40, keyword: 30 } as const

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/
const RUNS = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g

/** NFKC, lower case, punctuation and spaces removed (kept between latin words as a single space). */
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/(?<=[^a-z0-9]) | (?=[^a-z0-9])/g, '')
    .trim()
}

function runs(text: string): string[] {
  return normalize(text).match(RUNS) ?? []
}

const isCjk = (run: string) => CJK.test(run[0])

/** Syllables of a Chinese run, one per character, without tones ('ü' as 'v'). */
function syllables(run: string): string[] {
  return pinyin(run, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase())
}

let syllableSet: Set<string> | null = null
let longestSyllable = 6

/** Every pinyin syllable pinyin-pro knows for the common CJK block, computed once. */
export function validSyllables(): Set<string> {
  if (syllableSet) return syllableSet
  let chars = ''
  for (let c = 0x4e00; c <= 0x9fa5; c++) chars += String.fromCharCode(c)
  const set = new Set<string>()
  for (const s of pinyin(chars, { toneType: 'none', type: 'array', v: true })) if (/^[a-z]+$/.test(s)) set.add(s)
  // Common ways people type ü.
  for (const s of ['lve', 'nve', 'lv', 'nv']) set.add(s)
  syllableSet = set
  longestSyllable = Math.max(...[...set].map((s) => s.length))
  return set
}

/** Splits "shebaoka" into ['she','bao','ka'] (fewest syllables, longest first); null when it is not pinyin. */
export function splitPinyin(text: string): string[] | null {
  const set = validSyllables()
  const n = text.length
  // best[i] = fewest syllables covering text[i..]
  const best: (string[] | null)[] = new Array(n + 1).fill(null)
  best[n] = []
  for (let i = n - 1; i >= 0; i--) {
    for (let len = Math.min(longestSyllable, n - i); len >= 1; len--) {
      const piece = text.slice(i, i + len)
      const rest = best[i + len]
      if (rest && set.has(piece) && (!best[i] || rest.length + 1 < best[i]!.length)) best[i] = [piece, ...rest]
    }
  }
  return best[0]
}

function pairs(list: string[], sep = ''): string[] {
  const out: string[] = []
  for (let i = 0; i + 1 < list.length; i++) out.push(list[i] + sep + list[i + 1])
  return out
}

function grams(text: string, n: number): string[] {
  const out: string[] = []
  for (let i = 0; i + n <= text.length; i++) out.push(text.slice(i, i + n))
  return out
}

export type Field = keyof typeof FIELD_WEIGHT

/** Terms of recently seen field values: aliases, keywords and department names repeat across items. */
const fieldMemo = new Map<string, Map<string, number>>()

/** Index terms of one field value with their weights (several occurrences keep the highest weight). */
export function fieldTerms(value: string, field: Field, into: Map<string, number>): void {
  const key = `${field}\u0000${value}`
  let own = fieldMemo.get(key)
  if (!own) {
    own = new Map()
    computeFieldTerms(value, field, own)
    if (fieldMemo.size > 50_000) fieldMemo.clear()
    fieldMemo.set(key, own)
  }
  for (const [term, weight] of own) if ((into.get(term) ?? 0) < weight) into.set(term, weight)
}

function computeFieldTerms(value: string, field: Field, into: Map<string, number>): void {
  const w = FIELD_WEIGHT[field]
  const add = (term: string, weight: number) => {
    if ((into.get(term) ?? 0) < weight) into.set(term, weight)
  }
  const parts = runs(value)
  const whole = parts.join('')
  if ((field === 'name' || field === 'alias' || field === 'keyword') && whole) {
    add(`=${whole}`, EXACT_WEIGHT[field])
  }
  const allSyllables: string[] = []
  for (const run of parts) {
    if (!isCjk(run)) {
      add(`w:${run}`, w)
      continue
    }
    for (const g of grams(run, 2)) add(`c:${g}`, w)
    if (field === 'name' || run.length === 1) for (const ch of run) add(`u:${ch}`, w * 0.5)
    const syl = syllables(run)
    allSyllables.push(...syl)
    for (const p of pairs(syl, '_')) add(`p:${p}`, w)
    const initials = syl.map((s) => s[0]).join('')
    for (const g of grams(initials, 3)) add(`i:${g}`, w * 0.8)
    for (const g of grams(initials, 2)) add(`i2:${g}`, w * 0.3)
  }
  if ((field === 'name' || field === 'alias' || field === 'keyword') && allSyllables.length > 1 && parts.every(isCjk)) {
    add(`=p:${allSyllables.join('')}`, field === 'keyword' ? EXACT_WEIGHT.pinyin / 2 : EXACT_WEIGHT.pinyin)
    add(`=i:${allSyllables.map((s) => s[0]).join('')}`, field === 'keyword' ? EXACT_WEIGHT.initials / 2 : EXACT_WEIGHT.initials)
  }
}

export interface IndexableItem {
  name: string
  aliases: string[]
  keywords: string[]
  departmentName: string
  themeNames: string[]
  /** Names of the 一件事 bundles the item belongs to. */
  bundleNames?: string[]
}

/** All index terms of one item. */
export function itemTerms(item: IndexableItem): Map<string, number> {
  const terms = new Map<string, number>()
  fieldTerms(item.name, 'name', terms)
  for (const a of item.aliases) fieldTerms(a, 'alias', terms)
  for (const k of item.keywords) fieldTerms(k, 'keyword', terms)
  fieldTerms(item.departmentName, 'department', terms)
  for (const t of item.themeNames) fieldTerms(t, 'theme', terms)
  for (const b of item.bundleNames ?? []) fieldTerms(b, 'bundle', terms)
  return terms
}

export interface Synonym {
  term: string
  kind: 'typo' | 'expand'
  expansions: string[]
}

/** Weight of the words a colloquial synonym adds, relative to the words typed. */
const EXPANSION_WEIGHT = 0.7

/** Query terms with their weights: the typed text (typos corrected) and the expansions of colloquial words in it. */
export function queryTerms(q: string, synonyms: readonly Synonym[]): Map<string, number> {
  let text = normalize(q)
  const terms = new Map<string, number>()
  if (!text) return terms
  const add = (term: string, weight: number) => terms.set(term, Math.max(terms.get(term) ?? 0, weight))
  const compact = () => text.replace(/ /g, '')
  add(`=${compact()}`, 1)
  for (const s of synonyms) {
    if (s.kind === 'typo' && text.includes(s.term)) text = text.split(s.term).join(s.expansions[0])
  }
  add(`=${compact()}`, 1)
  const expansions: string[] = []
  for (const s of synonyms) if (s.kind === 'expand' && text.includes(s.term)) expansions.push(...s.expansions)

  const textTerms = (value: string, weight: number) => {
    for (const run of value.match(RUNS) ?? []) {
      if (isCjk(run)) {
        if (run.length === 1) add(`u:${run}`, weight)
        for (const g of grams(run, 2)) add(`c:${g}`, weight)
        continue
      }
      add(`w:${run}`, weight)
      if (/\d/.test(run)) continue
      const split = splitPinyin(run)
      if (split && split.length > 1) {
        add(`=p:${run}`, weight)
        for (const p of pairs(split, '_')) add(`p:${p}`, weight)
      } else if (split && split.length === 1 && run.length > 1) {
        add(`=p:${run}`, weight)
      }
      if (!split || run.length <= 4) {
        add(`=i:${run}`, weight)
        if (run.length >= 3) for (const g of grams(run, 3)) add(`i:${g}`, weight)
        else if (run.length === 2) add(`i2:${run}`, weight)
      }
    }
  }
  textTerms(text, 1)
  // "gongjijin daikuan": the words together may spell the pinyin of a whole name.
  if (/^[a-z ]+$/.test(text) && text.includes(' ') && splitPinyin(compact())) add(`=p:${compact()}`, 1)
  for (const e of expansions) {
    const n = normalize(e)
    add(`=${n}`, EXPANSION_WEIGHT)
    textTerms(n, EXPANSION_WEIGHT)
  }
  return terms
}
