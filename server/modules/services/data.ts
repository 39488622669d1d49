// The catalog data files (server/db/seed/catalog/*.json): their TypeBox shapes and the expansion of shared materials and steps into full guides.
import { Type, type Static } from '@sinclair/typebox'
import { Audience, ItemType, Location, Material, OnlineDepth, Step } from '@contract/service'

const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' })
const Text = Type.String({ minLength: 1 })

/** A material: a key of a materials library, a key with its own note, or written out in full. */
const MaterialRef = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Object({ ref: Type.String({ minLength: 1 }), note: Type.Optional(Type.String()), originals: Type.Optional(Type.Integer({ minimum: 0 })), copies: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }),
  Material,
])

const FeeData = Type.Union([Text, Type.Object({ charged: Type.Boolean(), detail: Text }, { additionalProperties: false })])

export const ItemData = Type.Object(
  {
    code: Code,
    name: Text,
    audience: Audience,
    itemType: ItemType,
    themes: Type.Array(Code, { minItems: 1 }),
    summary: Text,
    conditions: Type.Array(Text, { minItems: 1 }),
    materials: Type.Array(MaterialRef),
    /** Steps written out, or the key of a steps template. */
    steps: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Array(Step, { minItems: 1 })])),
    legalDays: Type.Integer({ minimum: 0 }),
    promisedDays: Type.Integer({ minimum: 0 }),
    /** '不收费' (nothing charged) or a line naming the charge, or { charged, detail }. */
    fee: Type.Optional(FeeData),
    locations: Type.Optional(Type.Array(Location, { minItems: 1 })),
    legalBasis: Type.Array(Text, { minItems: 1 }),
    onlineDepth: OnlineDepth,
    onlineChannels: Type.Optional(Type.Array(Text)),
    bookable: Type.Boolean(),
    phone: Type.Optional(Text),
    keywords: Type.Array(Text),
    aliases: Type.Array(Text),
  },
  { additionalProperties: false },
)
export type ItemData = Static<typeof ItemData>

const Libraries = {
  materials: Type.Optional(Type.Record(Type.String(), Material)),
  steps: Type.Optional(Type.Record(Type.String(), Type.Array(Step, { minItems: 1 }))),
}

/** One department's items. Defaults apply to every item that does not say otherwise. */
export const DepartmentFile = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    department: Code,
    defaults: Type.Object(
      {
        locations: Type.Array(Location, { minItems: 1 }),
        phone: Text,
        onlineChannels: Type.Array(Text),
        steps: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    ...Libraries,
    items: Type.Array(ItemData, { minItems: 1 }),
  },
  { additionalProperties: false },
)
export type DepartmentFile = Static<typeof DepartmentFile>

/** common.json: materials and step templates every department file may use. */
export const CommonFile = Type.Object({ $comment: Type.Optional(Type.String()), ...Libraries }, { additionalProperties: false })
export type CommonFile = Static<typeof CommonFile>

export const ThemesFile = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    themes: Type.Array(Type.Object({ code: Code, name: Text, description: Text }, { additionalProperties: false }), { minItems: 1 }),
  },
  { additionalProperties: false },
)
export type ThemesFile = Static<typeof ThemesFile>

export const BundlesFile = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    bundles: Type.Array(
      Type.Object(
        {
          code: Code,
          name: Text,
          description: Text,
          audience: Audience,
          items: Type.Array(Code, { minItems: 2 }),
          sharedMaterials: Type.Array(Text),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type BundlesFile = Static<typeof BundlesFile>

export const SynonymsFile = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    /** Misspellings replaced by the right word: { "身分证": "身份证" }. */
    typos: Type.Record(Type.String({ minLength: 1 }), Text),
    /** Words that add other words to a query: { "生孩子": ["出生", "生育"] }. */
    expand: Type.Record(Type.String({ minLength: 1 }), Type.Array(Text, { minItems: 1 })),
    /** Groups of words that mean the same; each adds the others. */
    equivalent: Type.Array(Type.Array(Text, { minItems: 2 })),
  },
  { additionalProperties: false },
)
export type SynonymsFile = Static<typeof SynonymsFile>

export interface ExpandedItem {
  code: string
  departmentCode: string
  name: string
  audience: Audience
  itemType: ItemType
  themes: string[]
  summary: string
  conditions: string[]
  materials: Material[]
  steps: Step[]
  legalDays: number
  promisedDays: number
  fee: { charged: boolean; detail: string }
  locations: Location[]
  legalBasis: string[]
  onlineDepth: OnlineDepth
  onlineChannels: string[]
  bookable: boolean
  phone: string
  keywords: string[]
  aliases: string[]
}

export const ONLINE_DEPTH_LABEL: Record<OnlineDepth, string> = {
  full: '全程网办',
  mostly: '网上申请，到现场一次',
  offline: '需到现场办理',
}

const FREE = /^(不收费|免费|无)$/

/** Resolves library references and defaults; throws an Error with a Chinese message naming the item on a bad reference. */
export function expandItems(file: DepartmentFile, common: CommonFile): ExpandedItem[] {
  const materials = { ...common.materials, ...file.materials }
  const steps = { ...common.steps, ...file.steps }
  return file.items.map((item) => {
    const where = `事项 ${item.code}`
    const resolvedMaterials = item.materials.map((m): Material => {
      if (typeof m === 'string') {
        const found = materials[m]
        if (!found) throw new Error(`${where} 引用了不存在的材料 "${m}"`)
        return { ...found }
      }
      if ('ref' in m) {
        const found = materials[m.ref]
        if (!found) throw new Error(`${where} 引用了不存在的材料 "${m.ref}"`)
        const out: Material = { ...found }
        if (m.note !== undefined) out.note = m.note
        if (m.originals !== undefined) out.originals = m.originals
        if (m.copies !== undefined) out.copies = m.copies
        return out
      }
      return { ...m }
    })
    const stepsRef = item.steps ?? file.defaults.steps
    let resolvedSteps: Step[]
    if (Array.isArray(stepsRef)) resolvedSteps = stepsRef
    else if (stepsRef && steps[stepsRef]) resolvedSteps = steps[stepsRef]
    else throw new Error(`${where} 缺少办理流程或引用了不存在的流程模板 "${String(stepsRef)}"`)
    const feeData = item.fee ?? '不收费'
    const fee = typeof feeData === 'string' ? { charged: !FREE.test(feeData), detail: feeData } : feeData
    return {
      code: item.code,
      departmentCode: file.department,
      name: item.name,
      audience: item.audience,
      itemType: item.itemType,
      themes: item.themes,
      summary: item.summary,
      conditions: item.conditions,
      materials: resolvedMaterials,
      steps: resolvedSteps,
      legalDays: item.legalDays,
      promisedDays: item.promisedDays,
      fee,
      locations: item.locations ?? file.defaults.locations,
      legalBasis: item.legalBasis,
      onlineDepth: item.onlineDepth,
      onlineChannels: item.onlineChannels ?? (item.onlineDepth === 'offline' ? [] : file.defaults.onlineChannels),
      bookable: item.bookable,
      phone: item.phone ?? file.defaults.phone,
      keywords: item.keywords,
      aliases: item.aliases,
    }
  })
}
