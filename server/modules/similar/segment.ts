// Words and concepts of a request text: the segmenter (jieba with Guangzhou user dictionaries) and the civic concept
// table. terms() in text.ts turns a text into index terms through wordsOf() and conceptsOf() below.
//
// - Segmenter: @node-rs/jieba (jieba-rs, prebuilt native binary from the registry) with its default dictionary plus
//   two user dictionaries shipped as data (data/places-guangzhou.txt: districts, streets/towns, roads, villages,
//   metro stations, landmarks; data/civic-words.txt: 12345 vocabulary such as 空调外机, 占道经营, 飞线充电), so a
//   place or a civic word is one token instead of characters. HMM is off: unknown words come out as single
//   characters, and runs of single characters that are not function words are joined again (鑫 达 → 鑫达), which
//   keeps unknown shop and company names as one term.
// - Concepts: data/civic-concepts.txt maps the words callers use for one thing to one concept (违停 = 乱停车 =
//   占用车位; 漏水 = 渗水 = 滴水; 噪音 = 吵 = 扰民; 占道经营 = 摆摊 …). A word may carry more than one concept
//   (冷凝水: 漏水 and 空调外机). No Chinese synonym lexicon with a usable licence is on the npm registry (checked:
//   no 同义词词林 package; segment-dict's synonym table is character variants, not meanings), so the table is ours.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict'

const DATA_DIR = path.join(__dirname, 'data')

/** Lines of a data file without comments and blank lines. */
export function dataLines(file: string): string[] {
  return readFileSync(path.join(DATA_DIR, file), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*$/u, '').trim())
    .filter((l) => l.length > 0)
}

/** The civic concept table: concept → its words, as written in data/civic-concepts.txt. */
export function conceptTable(): Map<string, string[]> {
  const table = new Map<string, string[]>()
  for (const line of dataLines('civic-concepts.txt')) {
    const m = /^([^:：]+)[:：](.*)$/u.exec(line)
    if (!m) continue
    const words = m[2].split(/\s+/u).filter(Boolean)
    table.set(m[1].trim(), [...new Set([m[1].trim(), ...words])])
  }
  return table
}

let state: { jieba: Jieba; concepts: Map<string, string[]>; places: Set<string> } | null = null

function load(): NonNullable<typeof state> {
  if (state) return state
  const jieba = Jieba.withDict(dict)
  const concepts = new Map<string, string[]>()
  for (const [concept, words] of conceptTable()) {
    for (const w of words) concepts.set(w, [...(concepts.get(w) ?? []), concept])
  }
  const places = new Set(dataLines('places-guangzhou.txt'))
  const user = new Set([...places, ...dataLines('civic-words.txt'), ...[...concepts.keys()].filter((w) => [...w].length >= 2)])
  // A high frequency makes the segmenter keep these words whole against the general dictionary's cuts.
  jieba.loadDict(Buffer.from([...user].map((w) => `${w} 50000`).join('\n'), 'utf8'))
  state = { jieba, concepts, places }
  return state
}

/** Function words and fillers that say nothing about the incident (never joined into a name run, never a term). */
const FUNCTION_CHARS = new Set([...'的了在是有和与及就都也还又很太被把给让对从往向到于着过吗呢吧啊呀哦嘛么这那我你他她它们个些点一不没能会要想说去来上下里外前后边'])

export function isFunctionChar(c: string): boolean {
  return FUNCTION_CHARS.has(c)
}

/** A Guangzhou place name of the user dictionary. */
export function isPlace(word: string): boolean {
  return load().places.has(word)
}

/**
 * The words of an already normalised text, in order: jieba tokens of Chinese runs (HMM off), single characters that
 * are not function words joined into one word (unknown names), latin words and numbers as they are.
 */
export function wordsOf(norm: string): string[] {
  const { jieba } = load()
  const out: string[] = []
  let run = ''
  const flush = () => {
    if ([...run].length >= 2) out.push(run)
    else if (run) out.push(run)
    run = ''
  }
  for (const token of jieba.cut(norm, false)) {
    if (!/[\u3400-\u9fff]/u.test(token)) {
      flush()
      if (/[a-z0-9]/u.test(token)) out.push(token)
      continue
    }
    if ([...token].length === 1 && !FUNCTION_CHARS.has(token) && !load().concepts.has(token)) {
      run += token
      continue
    }
    flush()
    out.push(token)
  }
  flush()
  return out
}

/** The concepts a word stands for (empty when the table does not know it). */
export function conceptsOf(word: string): readonly string[] {
  return load().concepts.get(word) ?? []
}
