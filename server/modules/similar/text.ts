// Similar-request text processing: normalisation, the index terms a request is made of, entity extraction and masking.
//
// Method (why character n-grams). Requests are short colloquial texts full of place names, shop names and local words
// (水浸街, 沙井盖, 嘈吵) that no general dictionary segments reliably; @node-rs/jieba would add a native module that
// PGlite's plain-JS deployment and the test machines do not need, and a dictionary miss splits exactly the rare words
// that matter most. Overlapping character bigrams need no dictionary, survive typos and partial names ("体育西" still
// shares 体育, 育西 with "体育西路"), and weighted by rarity (IDF) they let the names and objects of a complaint dominate
// its boilerplate (反映, 希望, 尽快处理). pinyin-pro (installed, used by catalog search) was considered for homophone
// typos and not used: a request is a full sentence typed with a pinyin IME, so whole words arrive in characters and
// homophone typos are rare, while pinyin syllable pairs would add many weak matches between unrelated requests.
// Segment terms were tried and dropped too: marking place/name bigrams apart ("where" vs "what") lowered recall on
// the quality set, because two paraphrases rarely delimit a place the same way.
//
// - Normalise: NFKC (full-width letters, digits and punctuation → half-width), lower case, a few traditional
//   characters, Chinese numerals before a unit (三号, 十二栋 → 3号, 12栋), and common variants of the same thing
//   (水浸/浸水/水淹 → 积水, 沙井盖/窨井盖 → 井盖, 噪声/嘈吵 → 噪音, …) so paraphrases meet on one form.
// - Terms: bigrams of every run of Chinese characters (punctuation and spaces break runs, so no bigram crosses a
//   sentence), a number with the unit after it as one term ("#3号", "#12栋"), numbers of 2+ digits alone ("n:123"),
//   and latin words ("w:ktv"). Terms are a set per request (repeating a word does not make it weigh more).
// - Stop terms: bigrams every request uses (反映, 投诉, 希望, 处理…) are kept but weighted down by a fixed factor, so
//   IDF does not have to learn them from a small corpus.
import { maskIdNumber, maskName, maskPhone } from '@domain/mask'
import { ID_RE, PLATE_RE, type Entity } from './extract'
import { conceptsOf, isFunctionChar, isPlace, wordsOf } from './segment'

// ---------------------------------------------------------------- normalisation

/** Traditional → simplified for characters common in addresses and complaints (NFKC leaves them alone). */
const TRADITIONAL: Record<string, string> = {
  號: '号', 樓: '楼', 門: '门', 區: '区', 廣: '广', 東: '东', 車: '车', 後: '后', 裡: '里', 臺: '台', 這: '这', 個: '个',
  沒: '没', 燈: '灯', 壞: '坏', 馬: '马', 噪: '噪', 聲: '声', 垃: '垃', 圾: '圾', 問: '问', 題: '题', 電: '电', 話: '话',
  園: '园', 廠: '厂', 場: '场', 們: '们', 員: '员', 務: '务', 處: '处', 醫: '医', 藥: '药', 學: '学', 長: '长', 開: '开',
  關: '关', 亂: '乱', 雜: '杂', 髒: '脏', 臟: '脏', 積: '积', 淺: '浅', 溝: '沟', 蓋: '盖', 邊: '边', 對: '对', 麵: '面',
  飯: '饭', 館: '馆', 飲: '饮', 業: '业', 華: '华', 為: '为', 與: '与', 體: '体', 紅: '红', 綠: '绿', 線: '线', 鐵: '铁',
}

/**
 * Words that name the same thing, longest first per meaning: every form is rewritten to the first one.
 * Local (Cantonese) forms are common in Guangzhou requests: 水浸 (flooding), 沙井 (manhole), 嘈 (noisy), 冇 (no).
 */
const VARIANT_GROUPS: readonly (readonly string[])[] = [
  ['积水', '水浸街', '水浸', '浸水', '水淹', '淹水', '内涝', '水漫'],
  ['井盖', '沙井盖', '窨井盖', '下水井盖', '检查井盖', '井盖子', '沙井'],
  ['噪音', '噪声', '嘈吵', '嘈音', '吵闹声', '吵闹', '很吵', '好吵', '吵死'],
  ['没有', '冇'],
  ['路灯', '街灯'],
  ['不亮', '唔亮', '熄了', '熄灭', '黑了'],
  ['垃圾', '废物'],
  ['垃圾桶', '垃圾箱'],
  ['油烟', '油烟味', '炒菜味'],
  ['占道', '占用道路', '霸占道路', '占用人行道', '霸占人行道'],
  ['违章停车', '违停', '乱停车', '乱停乱放', '乱停放', '违法停车'],
  ['出租车', '的士', '计程车'],
  ['电动车', '电单车', '电瓶车', '电摩'],
  ['摩托车', '摩托', '摩的'],
  ['施工', '开工', '工地作业'],
  ['夜间', '晚上', '半夜', '深夜', '凌晨'],
  ['漏水', '渗水', '滴水'],
  ['停水', '没水', '断水', '冇水'],
  ['停电', '没电', '断电', '冇电'],
  ['堵塞', '堵住', '淤塞', '塞住'],
  ['破损', '破烂', '烂了', '坏了', '损坏', '塌陷', '坑洼'],
  ['拖欠工资', '欠薪', '拖欠薪水', '不发工资', '欠工资'],
  ['小区', '屋苑', '屋村'],
  ['物业', '物管', '管理处'],
  ['电梯', '升降机', '𨋢'],
  ['餐馆', '饭馆', '餐厅', '饭店', '食肆'],
  ['流浪狗', '野狗', '流浪犬'],
  ['树', '树木', '大树'],
  ['焚烧垃圾', '烧垃圾', '烧废品', '烧东西'],
  ['丢失', '不见了', '不见', '缺失', '丢了', '被偷了', '被偷', '没了'],
  ['腹泻', '拉肚子', '肚子痛', '上吐下泻'],
  ['转移', '转到', '转过来', '转入'],
  ['报销', '结算', '直接结算'],
  ['备案', '办备案'],
  ['摊贩', '烧烤摊', '小摊', '摆摊', '摊档'],
  ['人行道', '行人路'],
  ['咬伤', '被咬了', '被咬', '咬人'],
  ['拒载', '不载客', '不肯载'],
  ['绕路', '兜圈', '绕远路'],
]

const VARIANT_TO: Map<string, string> = new Map()
// Canonical forms map to themselves so that a longer canonical word is consumed before a shorter variant inside it.
for (const group of VARIANT_GROUPS) for (const form of group) VARIANT_TO.set(form, group[0])
const VARIANT_RE = new RegExp(
  [...VARIANT_TO.keys()]
    .sort((a, b) => b.length - a.length)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'gu',
)

const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const CN_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }

/** 十二 → 12, 一百零五 → 105, 三 → 3; digit strings like 一二三 → 123. NaN when not a number. */
export function chineseNumber(text: string): number {
  if (![...text].some((c) => c in CN_UNIT)) {
    let n = 0
    for (const c of text) {
      if (!(c in CN_DIGIT)) return NaN
      n = n * 10 + CN_DIGIT[c]
    }
    return n
  }
  let total = 0
  let digit = 0
  for (const c of text) {
    if (c in CN_DIGIT) digit = CN_DIGIT[c]
    else if (c in CN_UNIT) {
      total += (digit || 1) * CN_UNIT[c]
      digit = 0
    } else return NaN
  }
  return total + digit
}

/** Units after which a Chinese numeral is a house, building, floor or line number. */
const NUMBER_UNIT = '号|栋|座|幢|楼|层|单元|室|房|巷|弄|街|路|期|区|村|排|组|线|年|个月|个星期|个小时|个人|周|天|次|名|元|块|岁|小时|点'
// 上一层/下一层 are words (the flat above/below), not floor numbers.
const CN_NUMBER_BEFORE_UNIT = new RegExp(`(?<![上下])([零〇一二两三四五六七八九十百千]{1,6})(?=${NUMBER_UNIT})`, 'gu')

/**
 * NFKC, lower case, traditional → simplified for common characters, Chinese numerals before a unit as digits, and
 * variant words to one form. Punctuation is kept (terms() splits on it); whitespace runs become one space.
 */
export function normalize(text: string): string {
  let s = text.normalize('NFKC').toLowerCase()
  s = s.replace(/[\u3400-\u9fff]/gu, (c) => TRADITIONAL[c] ?? c)
  s = s.replace(CN_NUMBER_BEFORE_UNIT, (m: string) => {
    const n = chineseNumber(m)
    return Number.isNaN(n) ? m : String(n)
  })
  s = s.replace(VARIANT_RE, (m) => VARIANT_TO.get(m) ?? m)
  return s.replace(/\s+/g, ' ').trim()
}

// ---------------------------------------------------------------- terms

const CJK_CLASS = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff'
const TOKEN_RE = new RegExp(`[${CJK_CLASS}]+|[a-z]+|[0-9]+`, 'gu')
const CJK_START = new RegExp(`^[${CJK_CLASS}]`, 'u')

/**
 * Words every request uses: kept, but multiplied by STOP_FACTOR so a small corpus does not have to learn that
 * "反映" or "希望" says nothing about the incident; never posted in the inverted index.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '反映 投诉 举报 咨询 建议 求助 请问 希望 有关 部门 相关 处理 解决 问题 情况 现在 目前 一直 已经 没有 我们 你们 他们 ' +
    '这个 那个 这里 那里 这边 那边 附近 非常 十分 严重 影响 居民 市民 群众 生活 要求 尽快 及时 麻烦 谢谢 感谢 因为 所以 但是 ' +
    '可以 不能 什么 怎么 如何 是否 能否 还是 一下 一个 每天 经常 多次 很多 还有 而且 并且 导致 造成 存在 发现 出现 来了 ' +
    '我家 本人 我是 就是 都是 不是 也是 很久 时间 多天 几天 天天 整天 总是 老是 好几 几次 好多 特别 实在 真的 根本 ' +
    '家里 自己 别人 人家 大家 有人 一些 这样 那样 这种 那种 而已 然后 之后 以后 以前 之前 到底 到处 处处 受不了 ' +
    '严重影响 希望有关部门 请有关部门 有关部门 尽快处理 帮忙 帮助 看看 管管 管一管 查处 整治 请求 要求 反应'
  ).split(/\s+/),
)
export const STOP_FACTOR = 0.25

/**
 * The index terms of a text, as a set. Chinese words (segment.ts) become their concepts ("c:噪音") or, when the
 * concept table does not know them, stay words ("体育西路", "鑫达"); one-character words that are no concept give
 * "u:x" and every character bigram of a Chinese run gives "b:xy" (both scoring only, never posted). "3号"-like number + unit gives "#3号"; numbers of 2+ digits give "n:123"; latin words of 2+
 * letters give "w:word".
 */
export function terms(text: string): Set<string> {
  const out = new Set<string>()
  const norm = normalize(text)
  for (const word of wordsOf(norm)) {
    if (!CJK_START.test(word)) continue
    const concepts = conceptsOf(word)
    if (concepts.length > 0) for (const c of concepts) out.add(`c:${c}`)
    else if ([...word].length === 1) {
      if (!isFunctionChar(word)) out.add(`u:${word}`)
    }
    else out.add(word)
  }
  const tokens = [...norm.matchAll(TOKEN_RE)]
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i][0]
    const at = tokens[i].index ?? 0
    if (CJK_START.test(token)) {
      // Character bigrams as a second, scoring-only channel: partial overlaps words miss (垃圾桶/垃圾箱, 体育西/体育西路).
      for (let j = 0; j + 1 < token.length; j++) out.add(`b:${token[j]}${token[j + 1]}`)
      continue
    }
    if (/^[0-9]/.test(token)) {
      const next = tokens[i + 1]
      if (next && (next.index ?? 0) === at + token.length && CJK_START.test(next[0])) out.add(`#${token}${next[0][0]}`)
      if (token.length >= 2) out.add(`n:${token}`)
    } else if (token.length >= 2) {
      out.add(`w:${token}`)
    }
  }
  return out
}

/** The fixed prior a term carries on top of its IDF. */
export function termPrior(term: string): number {
  if (STOP_WORDS.has(term)) return STOP_FACTOR
  if (term.startsWith('u:')) return 0.3
  if (term.startsWith('b:')) return BIGRAM_PRIOR
  // Where, not what: the place factor (distance, same district) weighs the place; in the text a shared address
  // alone must not make two different problems twins.
  if (term.startsWith('#') || term.startsWith('n:') || isPlaceWord(term)) return PLACE_PRIOR
  if (term.startsWith('c:')) return 1.2
  return 1
}

/** The prior of character bigrams (b:): as much as a word, so a twin sharing many characters but few words still scores. */
export const BIGRAM_PRIOR = 1
/** The prior of place words, house numbers and numbers. */
export const PLACE_PRIOR = 0.5
const PLACE_TAIL = /^[\u3400-\u9fff]{2,8}(?:大道|路|街|巷|村|站|镇|区|广场|花园|小区|公园|大厦)[东西南北中]?$/u

/** A Guangzhou place of the user dictionary, or a word shaped like a road, village, station or estate. */
export function isPlaceWord(term: string): boolean {
  return isPlace(term) || PLACE_TAIL.test(term)
}

export { extractEntities, type Entity, type EntityKindName } from './extract'

// ---------------------------------------------------------------- masking

/** 粤A·12345 → 粤A·***45. */
export function maskPlate(plate: string): string {
  const m = /^(.)([A-Z])·?(.+)$/u.exec(plate)
  if (!m) return '*'.repeat(plate.length)
  return `${m[1]}${m[2]}·${'*'.repeat(Math.max(1, m[3].length - 2))}${m[3].slice(-2)}`
}

/** An entity as staff and residents may see it: phones and plates masked. */
export function maskEntity(e: Pick<Entity, 'kind' | 'text'>): string {
  if (e.kind === 'phone') return e.text.startsWith('0') ? `${e.text.slice(0, 4)}****${e.text.slice(-2)}` : maskPhone(e.text)
  if (e.kind === 'plate') return maskPlate(e.text)
  return e.text
}

const NAME_AFTER_LABEL = /(姓名|联系人|本人|我叫|我是|名字叫|名叫|叫做)([:：\s]*)([\u4e00-\u9fa5]{2,4}?)(?=[,，。.;；、\s]|先生|女士|小姐|电话|手机|联系|$)/gu
const ROOM = /([0-9]{1,3}(?:栋|座|幢|号楼)(?:[0-9]{1,2}单元)?)([0-9]{3,4})(房|室|号房)?/gu

/**
 * Personal data out of a text shown to other people: mobile and landline numbers (138****5678), ID numbers
 * (440***********123X), plates (粤A·***45), a name after 姓名/联系人/我叫 (张*), room numbers (3栋***室).
 */
export function maskPersonal(text: string): string {
  return text
    .replace(ID_RE, (m) => maskIdNumber(m))
    .replace(/(?<![0-9])1[3-9][0-9][\s-]?[0-9]{4}[\s-]?[0-9]{4}(?![0-9])/g, (m) => maskPhone(m.replace(/[\s-]/g, '')))
    .replace(/(?<![0-9])0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7}(?![0-9])/g, (m) => `${m.slice(0, 4)}****${m.slice(-2)}`)
    .replace(/(?<![0-9])[2-9][0-9]{7}(?![0-9])/g, (m) => `****${m.slice(-4)}`)
    .replace(PLATE_RE, (_m, p: string, l: string, rest: string) => maskPlate(`${p}${l.toUpperCase()}·${rest.toUpperCase()}`))
    .replace(NAME_AFTER_LABEL, (_m, label: string, sep: string, name: string) => `${label}${sep}${maskName(name)}`)
    .replace(ROOM, (_m, building: string, _room: string, suffix?: string) => `${building}***${suffix ?? '室'}`)
}

/** The first `max` characters of the masked text, whitespace collapsed, with an ellipsis when cut. */
export function publicSummary(content: string, max = 80): string {
  const masked = maskPersonal(content.replace(/\s+/g, ' ').trim())
  const chars = [...masked]
  return chars.length <= max ? masked : `${chars.slice(0, max).join('')}…`
}

/** Staff see the text with phones and ID numbers masked (the contact is opened, audited, elsewhere). */
export function staffSummary(content: string, max = 120): string {
  const masked = content
    .replace(/\s+/g, ' ')
    .trim()
    .replace(ID_RE, (m) => maskIdNumber(m))
    .replace(/(?<![0-9])1[3-9][0-9][\s-]?[0-9]{4}[\s-]?[0-9]{4}(?![0-9])/g, (m) => maskPhone(m.replace(/[\s-]/g, '')))
  const chars = [...masked]
  return chars.length <= max ? masked : `${chars.slice(0, max).join('')}…`
}
