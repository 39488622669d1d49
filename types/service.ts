// API contract for the 一网通办 service catalog: service items and their guides, themes, 一件事 bundles, and catalog search.
import { Type, type Static } from '@sinclair/typebox'
import { ItemList } from './common'

/** 服务对象: 个人 (person), 法人 (business), or both. */
export const Audience = Type.Union([Type.Literal('person'), Type.Literal('business'), Type.Literal('both')])
export type Audience = Static<typeof Audience>

/** 网办深度: full = 全程网办, mostly = 网上申请、到现场一次, offline = 需到现场办理. */
export const OnlineDepth = Type.Union([Type.Literal('full'), Type.Literal('mostly'), Type.Literal('offline')])
export type OnlineDepth = Static<typeof OnlineDepth>

/** 事项类型 as the national catalogue names them. */
export const ItemType = Type.Union([
  Type.Literal('行政许可'),
  Type.Literal('行政给付'),
  Type.Literal('行政确认'),
  Type.Literal('行政征收'),
  Type.Literal('行政裁决'),
  Type.Literal('行政奖励'),
  Type.Literal('行政备案'),
  Type.Literal('公共服务'),
  Type.Literal('其他行政权力'),
])
export type ItemType = Static<typeof ItemType>

export const DepartmentRef = Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false })
export type DepartmentRef = Static<typeof DepartmentRef>

/** One line of a search result or a list: enough to show a card. */
export const ServiceSummary = Type.Object(
  {
    code: Type.String({ description: '事项编码，如 gz-police-idcard-first' }),
    name: Type.String({ description: '事项名称' }),
    department: DepartmentRef,
    audience: Audience,
    /** 全程网办: can be finished online without visiting a hall. */
    online: Type.Boolean(),
    /** 可预约: a hall visit can be booked. */
    bookable: Type.Boolean(),
    /** Theme codes, e.g. ['id-documents']. */
    themes: Type.Array(Type.String()),
    /** 承诺办结时限, working days (0 = 即办). */
    promisedDays: Type.Integer({ minimum: 0 }),
    /** 收费 in one short line, e.g. '不收费' or '工本费 20 元'. */
    fee: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type ServiceSummary = Static<typeof ServiceSummary>

/** 申请材料. */
export const Material = Type.Object(
  {
    name: Type.String(),
    /** 原件份数. */
    originals: Type.Integer({ minimum: 0 }),
    /** 复印件份数. */
    copies: Type.Integer({ minimum: 0 }),
    /** 材料形式: 纸质 / 电子 / 纸质或电子均可. */
    form: Type.Union([Type.Literal('paper'), Type.Literal('electronic'), Type.Literal('either')]),
    /** 可用电子证照免提交. */
    eLicence: Type.Boolean(),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type Material = Static<typeof Material>

/** 办理流程的一步. */
export const Step = Type.Object({ title: Type.String(), detail: Type.String() }, { additionalProperties: false })
export type Step = Static<typeof Step>

/** 办理地点. Halls arrive with the appointment issue; until then the place is free text. */
export const Location = Type.Object(
  {
    name: Type.String(),
    address: Type.String(),
    hours: Type.String(),
    phone: Type.String(),
    /** Ids of bookable halls (appointment issue); absent for now. */
    hallIds: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
)
export type Location = Static<typeof Location>

export const Fee = Type.Object(
  {
    charged: Type.Boolean(),
    /** e.g. '不收费' or '工本费 20 元（首次申领免费）'. */
    detail: Type.String(),
  },
  { additionalProperties: false },
)
export type Fee = Static<typeof Fee>

/** The full 办事指南 of one item. */
export const ServiceGuide = Type.Object(
  {
    code: ServiceSummary.properties.code,
    name: ServiceSummary.properties.name,
    department: DepartmentRef,
    audience: Audience,
    online: Type.Boolean(),
    bookable: Type.Boolean(),
    themes: Type.Array(Type.String()),
    promisedDays: Type.Integer({ minimum: 0 }),
    /** 事项类型. */
    itemType: ItemType,
    /** A few sentences on what the item is for. */
    summary: Type.String(),
    /** 受理条件. */
    conditions: Type.Array(Type.String()),
    /** 申请材料. */
    materials: Type.Array(Material),
    /** 办理流程. */
    steps: Type.Array(Step),
    /** 法定办结时限, working days (0 = 即办). */
    legalDays: Type.Integer({ minimum: 0 }),
    /** 收费. */
    fee: Fee,
    /** 办理地点. */
    locations: Type.Array(Location),
    /** 法定依据. */
    legalBasis: Type.Array(Type.String()),
    /** 网办深度. */
    onlineDepth: OnlineDepth,
    /** 网办深度 in words, e.g. 全程网办. */
    onlineDepthLabel: Type.String(),
    /** Where to apply online, e.g. 粤省事小程序, 广东政务服务网. */
    onlineChannels: Type.Array(Type.String()),
    /** 咨询电话. */
    phone: Type.String(),
    keywords: Type.Array(Type.String()),
    /** Words people actually use, e.g. 身份证丢了. */
    aliases: Type.Array(Type.String()),
    /** 一件事 bundles this item belongs to. */
    bundles: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false })),
    /** When the guide last changed (ISO 8601). */
    updatedAt: Type.String({ description: 'ISO 8601 时间' }),
  },
  { additionalProperties: false },
)
export type ServiceGuide = Static<typeof ServiceGuide>

/** A browse theme (主题), e.g. 证件办理. */
export const Theme = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    description: Type.String(),
    /** Number of items in the theme. */
    count: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
)
export type Theme = Static<typeof Theme>
export const ThemeList = ItemList(Theme)
export type ThemeList = Static<typeof ThemeList>

/** 一件事: a life event and the items done together for it. */
export const Bundle = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    description: Type.String(),
    audience: Audience,
    items: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false })),
    /** Materials submitted once for the whole bundle. */
    sharedMaterials: Type.Array(Type.String()),
  },
  { additionalProperties: false },
)
export type Bundle = Static<typeof Bundle>
export const BundleList = ItemList(Bundle)
export type BundleList = Static<typeof BundleList>

const BoolParam = Type.Union([Type.Literal('true'), Type.Literal('false'), Type.Literal('1'), Type.Literal('0')])

/** GET /api/services query string. */
export const ServiceQuery = Type.Object(
  {
    /** Words, colloquial phrases, pinyin or initials; empty lists by popularity. */
    q: Type.Optional(Type.String({ maxLength: 100 })),
    audience: Type.Optional(Type.Union([Type.Literal('person'), Type.Literal('business')])),
    /** Department code. */
    dept: Type.Optional(Type.String({ maxLength: 64 })),
    /** Theme code. */
    theme: Type.Optional(Type.String({ maxLength: 64 })),
    online: Type.Optional(BoolParam),
    bookable: Type.Optional(BoolParam),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
)
export type ServiceQuery = Static<typeof ServiceQuery>

/** GET /api/services answer. `suggestions` appears when nothing matched: words to try instead. */
export const ServiceSearchResult = Type.Object(
  {
    items: Type.Array(ServiceSummary),
    total: Type.Integer({ minimum: 0 }),
    page: Type.Integer({ minimum: 1 }),
    pageSize: Type.Integer({ minimum: 1 }),
    suggestions: Type.Optional(Type.Array(Type.String())),
    /** 一件事 bundles the words name ("生孩子" → 出生一件事), on the first page of a text search. */
    bundles: Type.Optional(Type.Array(Type.Object({ code: Type.String(), name: Type.String() }, { additionalProperties: false }))),
  },
  { additionalProperties: false },
)
export type ServiceSearchResult = Static<typeof ServiceSearchResult>

export const ServiceCodeParams = Type.Object(
  { code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 100, description: '事项或一件事的编码，如 gz-police-idcard-renew' }) },
  { additionalProperties: false },
)
export type ServiceCodeParams = Static<typeof ServiceCodeParams>
