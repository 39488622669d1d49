// Entities a request names (单位, 地址, 电话, 车牌): extraction from a normalised text and the keys that make name
// variants of one entity meet (广州市白云区鑫达贸易有限公司 = 鑫达贸易 = 鑫达公司 → company key 鑫达).
import { normalize } from './text'

const CJK_CLASS = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff'

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

/**
 * Suffixes of a named unit, longest first, with the minimum name length before each (keeps 烧烤店 out). Businesses
 * (公司, 店, 厂 …) are keyed by their trade name alone, so legal forms and trade words do not split one business;
 * schools, property managers and sites keep their whole name as the key (东风路小学 is not 东风路物业).
 */
const COMPANY_SUFFIXES: readonly [string, number, 'business' | 'named'][] = [
  ['有限责任公司', 2, 'business'],
  ['股份有限公司', 2, 'business'],
  ['有限公司', 2, 'business'],
  ['分公司', 2, 'business'],
  ['物业服务中心', 2, 'named'],
  ['物业管理处', 2, 'named'],
  ['集团', 2, 'business'],
  ['公司', 2, 'business'],
  ['专卖店', 2, 'business'],
  ['便利店', 2, 'business'],
  ['酒楼', 2, 'business'],
  ['酒店', 2, 'business'],
  ['餐馆', 2, 'business'],
  ['茶楼', 2, 'business'],
  ['超市', 2, 'business'],
  ['药房', 2, 'business'],
  ['诊所', 2, 'business'],
  ['网吧', 2, 'business'],
  ['工厂', 2, 'business'],
  ['幼儿园', 2, 'named'],
  ['培训中心', 2, 'named'],
  ['小学', 2, 'named'],
  ['中学', 2, 'named'],
  ['学校', 2, 'named'],
  ['工地', 3, 'named'],
  ['项目部', 2, 'named'],
  ['店', 3, 'business'],
  ['厂', 2, 'business'],
]
/** Trade words between a trade name and its suffix (鑫达 贸易 有限公司); also what makes a bare 鑫达贸易 a business. */
const TRADE_WORDS = [
  '信息技术', '物业管理', '房地产', '贸易', '商贸', '科技', '实业', '置业', '地产', '物业', '餐饮', '建筑', '装饰', '工程', '物流',
  '传媒', '教育', '电子', '投资', '发展', '管理', '咨询', '文化', '网络', '技术', '服装', '食品', '家具', '电器', '五金', '建材', '纸箱',
  '塑料', '印刷', '制衣', '皮具', '汽车', '健身', '美容', '房产', '中介', '酒家', '烧烤', '小吃', '快餐', '服务',
]
const TRADE_TAIL = new RegExp(`(?:${TRADE_WORDS.join('|')})+$`, 'u')
/** A bare trade name + trade word, e.g. 鑫达贸易 (no suffix): the name must be 2–4 characters. */
const BARE_TRADE = new RegExp(`(?:${TRADE_WORDS.filter((w) => w.length >= 2 && !['服务', '管理', '发展', '技术', '文化', '服装', '食品'].includes(w)).join('|')})(?!有限|公司|店|厂|集团|${TRADE_WORDS.join('|')})`, 'gu')
/** Words that look like a trade name before 物业/餐饮… but name no business. */
const NOT_NAMES = new Set(['小区', '楼盘', '我们', '你们', '他们', '这边', '那边', '现在', '本地', '附近', '当地', '这个', '那个', '街道', '社区', '楼下', '楼上', '隔壁', '周边', '一些', '所有', '管理'])

/** The trade name of a business name: 鑫达贸易 → 鑫达 (unchanged when nothing of two characters would remain). */
export function tradeName(name: string): string {
  const core = name.replace(TRADE_TAIL, '')
  return [...core].length >= 2 ? core : name
}

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
    const [, min, sort] = COMPANY_SUFFIXES.find(([s]) => s === suffix) ?? [suffix, 2, 'business']
    if ([...name].length < min || GENERIC_NAMES.has(name) || NOT_NAMES.has(name)) continue
    const key = sort === 'named' ? name + suffix : tradeName(name)
    if (GENERIC_NAMES.has(key) || NOT_NAMES.has(key)) continue
    out.push({ kind: 'company', key, text: name + suffix })
  }
  // 鑫达贸易 without a suffix: a 2–4 character trade name before a trade word.
  for (const m of norm.matchAll(BARE_TRADE)) {
    const index = m.index ?? 0
    const name = trimName(norm.slice(0, index))
    const len = [...name].length
    if (len < 2 || len > 4 || GENERIC_NAMES.has(name) || NOT_NAMES.has(name) || TRADE_TAIL.test(name)) continue
    out.push({ kind: 'company', key: name, text: name + m[0] })
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
export const ID_RE = /(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9x](?![0-9a-z])/gi
export const PLATE_RE = /(?<![a-z0-9])([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])[\s·.•-]?([a-z])[\s·.•-]?([a-z0-9]{4,5}|[a-z0-9]{4}[挂学警港澳])(?![a-z0-9])/giu

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

