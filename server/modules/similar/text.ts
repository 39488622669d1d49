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
  ['不亮', '唔亮', '不着', '熄了', '熄灭', '黑了'],
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
const CN_NUMBER_BEFORE_UNIT = new RegExp(`([零〇一二两三四五六七八九十百千]{1,6})(?=${NUMBER_UNIT})`, 'gu')

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
 * Bigrams every request uses: kept, but multiplied by STOP_FACTOR so a small corpus does not have to learn that
 * "反映" or "希望" says nothing about the incident.
 */
export const STOP_BIGRAMS: ReadonlySet<string> = new Set(
  (
    '反映 投诉 举报 咨询 建议 求助 请问 希望 有关 部门 相关 处理 解决 问题 情况 现在 目前 一直 已经 没有 我们 你们 他们 ' +
    '这个 那个 这里 那里 这边 那边 附近 非常 十分 严重 影响 居民 市民 群众 生活 要求 尽快 及时 麻烦 谢谢 感谢 因为 所以 但是 ' +
    '可以 不能 什么 怎么 如何 是否 能否 还是 一下 一个 每天 经常 多次 很多 还有 而且 并且 导致 造成 存在 发现 出现 来了 了一 ' +
    '的问 题已 请相 关部 门处 理一 下谢 我家 我们 本人 我是 的情 况下 况的 就是 都是 不是 也是 了很 很久 时间 多天 几天 天了'
  ).split(/\s+/),
)
export const STOP_FACTOR = 0.25

/**
 * The index terms of a text, as a set. Chinese runs give overlapping bigrams (a one-character run gives that
 * character as "u:x" so 号/栋 alone are not lost); "3号"-like number + unit gives "#3号"; numbers of 2+ digits give
 * "n:123"; latin words of 2+ letters give "w:word".
 */
export function terms(text: string): Set<string> {
  const out = new Set<string>()
  const norm = normalize(text)
  const tokens = [...norm.matchAll(TOKEN_RE)]
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i][0]
    const at = tokens[i].index ?? 0
    if (CJK_START.test(token)) {
      if (token.length === 1) out.add(`u:${token}`)
      for (let j = 0; j + 1 < token.length; j++) {
        out.add(token[j] + token[j + 1])
      }
    } else if (/^[0-9]/.test(token)) {
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
  if (STOP_BIGRAMS.has(term)) return STOP_FACTOR
  if (term.startsWith('u:')) return 0.3
  if (term.startsWith('#')) return 1.5
  return 1
}

// ---------------------------------------------------------------- entities

export type EntityKindName = 'company' | 'address' | 'phone' | 'plate'

export interface Entity {
  kind: EntityKindName
  /** Normalised key two requests share when they name the same entity. */
  key: string
  /** As written (normalised), for display; phones and plates are masked by maskEntity before showing. */
  text: string
}

const DISTRICTS = '越秀区|海珠区|荔湾区|天河区|白云区|黄埔区|番禺区|花都区|南沙区|从化区|增城区|越秀|海珠|荔湾|天河|白云|黄埔|番禺|花都|南沙|从化|增城'
const PLACE_PREFIX = new RegExp(`^(?:广东省)?(?:广州市|广州)?(?:${DISTRICTS})?`, 'u')

/**
 * Words that end the words before a name: the name starts after the last of them. "我投诉楼下的好再来餐饮店" → 好再来餐饮店.
 * Single characters are only cut when they are clearly function words in this position.
 */
const NAME_BREAK = new RegExp(
  '^.*(?:的|在|于|是|了|被|向|到|和|与|及|把|给|让|对|从|投诉|举报|反映|咨询|位于|附近|旁边|对面|门口|楼下|楼上|隔壁|里面|' +
    '一家|这家|那家|该家|有家|一间|这间|那间|该|个|间|家|我|有|说|称|叫|去|经过|路过|关于|还有)',
  'u',
)

/** Business suffixes, longest first; the minimum name length before each keeps generic words (烧烤店) out. */
const COMPANY_SUFFIXES: readonly [string, number][] = [
  ['有限责任公司', 2],
  ['股份有限公司', 2],
  ['有限公司', 2],
  ['分公司', 2],
  ['集团', 2],
  ['公司', 3],
  ['专卖店', 2],
  ['便利店', 2],
  ['酒楼', 2],
  ['酒店', 2],
  ['餐馆', 2],
  ['茶楼', 2],
  ['超市', 2],
  ['药房', 2],
  ['诊所', 2],
  ['网吧', 2],
  ['工厂', 2],
  ['店', 3],
  ['厂', 2],
]
const GENERIC_NAMES = new Set(['餐饮', '小吃', '烧烤', '水果', '理发', '美容', '快餐', '五金', '服装', '建材', '汽修', '维修', '装修', '食品', '物流', '快递', '科技', '贸易', '商贸', '服务', '外卖', '士多', '杂货', '二手'])
const CJK_RUN_BEFORE = new RegExp(`[${CJK_CLASS}a-z0-9]{1,24}$`, 'u')

function trimName(before: string): string {
  const run = CJK_RUN_BEFORE.exec(before)?.[0] ?? ''
  return run.replace(NAME_BREAK, '').replace(PLACE_PREFIX, '')
}

function companies(norm: string, out: Entity[]): void {
  const suffixRe = new RegExp(COMPANY_SUFFIXES.map(([s]) => s).join('|'), 'gu')
  for (const m of norm.matchAll(suffixRe)) {
    const suffix = m[0]
    const index = m.index ?? 0
    // "…店铺", "…厂房", "…公司的": only a suffix at the end of a word counts for the one-character forms.
    const after = norm.slice(index + suffix.length, index + suffix.length + 1)
    if ((suffix === '店' && /[铺面员长主家]/u.test(after)) || (suffix === '厂' && /[房区家长]/u.test(after))) continue
    const name = trimName(norm.slice(0, index))
    const min = COMPANY_SUFFIXES.find(([s]) => s === suffix)?.[1] ?? 2
    if ([...name].length < min || GENERIC_NAMES.has(name)) continue
    const canonicalSuffix = suffix === '有限责任公司' ? '有限公司' : suffix
    const text = name + suffix
    // The key drops the legal form, so 好再来餐饮有限公司 and 好再来餐饮店 stay apart but 有限责任公司/有限公司 meet.
    out.push({ kind: 'company', key: name + canonicalSuffix.replace(/^(股份)?有限(责任)?公司$/u, '公司'), text })
  }
}

const ROAD_NUMBER = new RegExp(
  `([${CJK_CLASS}]{1,14}?(?:大道|大街|路|街|巷|里|坊|涌|道)(?:[东西南北中]路?)?) ?([0-9]{1,5})号(?:之([0-9]{1,3}))?`,
  'gu',
)
const ESTATE = new RegExp(`([${CJK_CLASS}]{1,14}?(?:小区|花园|新村|大厦|广场|公寓|苑|山庄|名苑|雅苑|社区|城中村))(?:([0-9]{1,3})(?:栋|座|幢|号楼))?`, 'gu')
const GENERIC_ESTATES = new Set(['小区', '花园', '新村', '大厦', '广场', '公寓', '社区', '城中村'])

function addresses(norm: string, out: Entity[]): void {
  for (const m of norm.matchAll(ROAD_NUMBER)) {
    const road = trimName(m[1])
    if ([...road].length < 2) continue
    const number = m[3] ? `${m[2]}号之${m[3]}` : `${m[2]}号`
    out.push({ kind: 'address', key: road + number, text: road + number })
  }
  for (const m of norm.matchAll(ESTATE)) {
    const estate = trimName(m[1])
    if ([...estate].length < 3 || GENERIC_ESTATES.has(estate)) continue
    // The estate is the entity; a building number is part of its display but not of the key (same estate, same
    // management office).
    out.push({ kind: 'address', key: estate, text: m[2] ? `${estate}${m[2]}栋` : estate })
  }
}

const MOBILE_RE = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/g
const LANDLINE_RE = /(?<![0-9])0[1-9][0-9]{1,2}-?[2-9][0-9]{6,7}(?![0-9])/g
const ID_RE = /(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9x](?![0-9a-z])/gi
const PLATE_RE = /(?<![a-z0-9])([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])[\s·.•-]?([a-z])[\s·.•-]?([a-z0-9]{4,5}|[a-z0-9]{4}[挂学警港澳])(?![a-z0-9])/giu

function phones(norm: string, out: Entity[]): void {
  const compact = norm.replace(/(?<=[0-9]) (?=[0-9])/g, '')
  for (const m of compact.matchAll(MOBILE_RE)) out.push({ kind: 'phone', key: m[0], text: m[0] })
  for (const m of compact.matchAll(LANDLINE_RE)) {
    const digits = m[0].replace('-', '')
    out.push({ kind: 'phone', key: digits, text: m[0] })
  }
}

function plates(norm: string, out: Entity[]): void {
  for (const m of norm.matchAll(PLATE_RE)) {
    const key = `${m[1]}${m[2]}${m[3]}`.toUpperCase()
    // A plate has at most two letters in the serial part and at least one digit (keeps words like 粤a frog out).
    if (!/[0-9]/.test(m[3])) continue
    out.push({ kind: 'plate', key, text: `${m[1]}${m[2].toUpperCase()}·${m[3].toUpperCase()}` })
  }
}

/** Company names, addresses, phone numbers and plate-like strings named in a text, one per (kind, key). */
export function extractEntities(text: string): Entity[] {
  const norm = normalize(text)
  const found: Entity[] = []
  companies(norm, found)
  addresses(norm, found)
  phones(norm, found)
  plates(norm, found)
  const seen = new Set<string>()
  return found.filter((e) => {
    const id = `${e.kind}:${e.key}`
    if (seen.has(id)) return false
    seen.add(id)
    return true
  })
}

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
