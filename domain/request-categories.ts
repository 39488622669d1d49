// The 12345 classification tree (kept as data) and a keyword-based category suggestion from the request's text.
// Small on purpose (about 5.6 KB minified, 1.9 KB as the API serves it) so the request subpackage can carry it; GET /api/request-categories serves the same tree.
import type { CategoryNode } from '@contract/request'

export type { CategoryNode }

interface Leaf {
  code: string
  label: string
  /** Words that point to this category; longer, more specific words weigh more. */
  keywords: readonly string[]
}

interface Branch {
  code: string
  label: string
  children: readonly Leaf[]
}

/** Top level → leaves; codes are `top.leaf`. */
const TREE: readonly Branch[] = [
  {
    code: 'urban',
    label: '城市管理',
    children: [
      { code: 'urban.sanitation', label: '环境卫生', keywords: ['垃圾', '清扫', '保洁', '公厕', '脏乱', '卫生'] },
      { code: 'urban.vendor', label: '占道经营', keywords: ['占道', '摆摊', '流动摊贩', '小贩', '夜市'] },
      { code: 'urban.illegal-building', label: '违法建设', keywords: ['违建', '违章建筑', '加建', '搭建', '僭建'] },
      { code: 'urban.facility', label: '市政设施', keywords: ['井盖', '路灯', '人行道', '道路破损', '坑洼', '护栏'] },
    ],
  },
  {
    code: 'traffic',
    label: '交通出行',
    children: [
      { code: 'traffic.parking', label: '违章停车', keywords: ['乱停', '违停', '停车', '占用车位', '堵门', '停在门口'] },
      { code: 'traffic.bus', label: '公交地铁', keywords: ['公交', '地铁', '站台', '线路', '班次', '司机'] },
      { code: 'traffic.taxi', label: '出租网约车', keywords: ['出租车', '的士', '网约车', '拒载', '绕路'] },
      { code: 'traffic.signal', label: '信号灯与标线', keywords: ['红绿灯', '信号灯', '斑马线', '标线', '路口'] },
    ],
  },
  {
    code: 'environment',
    label: '生态环境',
    children: [
      { code: 'environment.noise', label: '噪音扰民', keywords: ['噪音', '噪声', '吵', '施工扰民', '广场舞', '夜间施工'] },
      { code: 'environment.air', label: '大气污染', keywords: ['油烟', '烟尘', '异味', '臭味', '焚烧', '扬尘'] },
      { code: 'environment.water', label: '水体污染', keywords: ['污水', '排污', '河涌', '黑臭', '水体'] },
    ],
  },
  {
    code: 'housing',
    label: '住房物业',
    children: [
      { code: 'housing.property', label: '物业服务', keywords: ['物业', '电梯', '业委会', '物业费', '小区管理'] },
      { code: 'housing.rental', label: '房屋租赁', keywords: ['租房', '房东', '押金', '中介', '租赁'] },
      { code: 'housing.fund', label: '住房公积金', keywords: ['公积金', '提取', '贷款'] },
    ],
  },
  {
    code: 'water-power',
    label: '水电气',
    children: [
      { code: 'water-power.water', label: '供水排水', keywords: ['停水', '水压', '水管', '漏水', '水浸', '内涝', '下水道'] },
      { code: 'water-power.power', label: '供电', keywords: ['停电', '电压', '电线', '变压器'] },
      { code: 'water-power.gas', label: '燃气', keywords: ['燃气', '煤气', '天然气', '漏气'] },
    ],
  },
  {
    code: 'market',
    label: '市场监管',
    children: [
      { code: 'market.food', label: '食品安全', keywords: ['食品', '过期', '变质', '餐馆', '外卖', '食物中毒'] },
      { code: 'market.consumer', label: '消费维权', keywords: ['退款', '预付卡', '商家', '假货', '价格', '欺诈', '退费'] },
    ],
  },
  {
    code: 'social',
    label: '社会保障',
    children: [
      { code: 'social.insurance', label: '社保医保', keywords: ['社保', '医保', '养老金', '报销', '参保'] },
      { code: 'social.labor', label: '劳动就业', keywords: ['欠薪', '工资', '拖欠', '劳动合同', '辞退', '加班'] },
      { code: 'social.assistance', label: '社会救助', keywords: ['低保', '救助', '困难', '残疾', '养老院'] },
    ],
  },
  {
    code: 'education-health',
    label: '教育卫生',
    children: [
      { code: 'education-health.school', label: '教育入学', keywords: ['学校', '入学', '学位', '培训', '老师', '幼儿园'] },
      { code: 'education-health.medical', label: '医疗卫生', keywords: ['医院', '医生', '挂号', '疫苗', '诊所'] },
    ],
  },
  {
    code: 'public-safety',
    label: '公共安全',
    children: [
      { code: 'public-safety.police', label: '治安户籍', keywords: ['户籍', '户口', '身份证', '治安', '盗窃', '居住证'] },
      { code: 'public-safety.fire', label: '消防安全', keywords: ['消防', '通道堵塞', '灭火器', '电动车充电', '火灾'] },
    ],
  },
  {
    code: 'other',
    label: '其他',
    children: [{ code: 'other.general', label: '其他事项', keywords: [] }],
  },
]

/** The tree without keywords, as the API and the picker show it. */
export const REQUEST_CATEGORIES: CategoryNode[] = TREE.map((b) => ({
  code: b.code,
  label: b.label,
  children: b.children.map((l) => ({ code: l.code, label: l.label })),
}))

const LABELS = new Map<string, string>()
for (const b of TREE) {
  LABELS.set(b.code, b.label)
  for (const l of b.children) LABELS.set(l.code, `${b.label}/${l.label}`)
}

/** True for a known code (top level or leaf). */
export function isCategory(code: string): boolean {
  return LABELS.has(code)
}

/** 城市管理/环境卫生 for a leaf, 城市管理 for a top level, null when unknown. */
export function categoryLabel(code: string | null | undefined): string | null {
  return code ? (LABELS.get(code) ?? null) : null
}

export interface CategorySuggestion {
  code: string
  label: string
  score: number
}

/**
 * Leaves ranked by the keywords found in `text` (each hit scores its length, so 违章建筑 beats 建筑);
 * at most `limit`, best first; empty when nothing matches.
 */
export function suggestCategories(text: string, limit = 3): CategorySuggestion[] {
  const t = text.replace(/\s+/g, '')
  const out: CategorySuggestion[] = []
  for (const b of TREE) {
    for (const l of b.children) {
      let score = 0
      for (const k of l.keywords) if (t.includes(k)) score += Array.from(k).length
      if (score > 0) out.push({ code: l.code, label: `${b.label}/${l.label}`, score })
    }
  }
  return out.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code)).slice(0, limit)
}

/** The single best suggestion, or null. */
export function suggestCategory(text: string): CategorySuggestion | null {
  return suggestCategories(text, 1)[0] ?? null
}
