// API contract for application forms (在线办 申请表): the form of one service item or 一件事 bundle, its fields and
// materials, and the per-field errors validateAnswers (domain/forms.ts) gives on the device and on the server.
import { Type, type Static } from '@sinclair/typebox'

/** The field kinds a form may use. */
export const FieldKind = Type.Union([
  Type.Literal('text'),
  Type.Literal('textarea'),
  Type.Literal('number'),
  Type.Literal('date'),
  Type.Literal('choice'),
  Type.Literal('multi'),
  Type.Literal('phone'),
  Type.Literal('idcard'),
  Type.Literal('address'),
  Type.Literal('bank'),
  Type.Literal('boolean'),
  Type.Literal('group'),
])
export type FieldKind = Static<typeof FieldKind>

/** The applicant's own data that comes from 实名认证 and is never typed. */
export const Prefill = Type.Union([Type.Literal('realname.name'), Type.Literal('realname.idNumber'), Type.Literal('realname.phone')])
export type Prefill = Static<typeof Prefill>

export const FieldOption = Type.Object({ value: Type.String({ minLength: 1, maxLength: 60 }), label: Type.String({ minLength: 1 }) }, { additionalProperties: false })
export type FieldOption = Static<typeof FieldOption>

/** Show (and ask) a field only when another field of the same level has one of these values. */
export const ShowIf = Type.Object(
  { field: Type.String({ minLength: 1 }), values: Type.Array(Type.Union([Type.String(), Type.Boolean()]), { minItems: 1 }) },
  { additionalProperties: false },
)
export type ShowIf = Static<typeof ShowIf>

const FieldKey = Type.String({ pattern: '^[a-z][a-zA-Z0-9]*$', maxLength: 40, description: '字段键，同一张表内唯一；相同键 = 同一个问题' })
/** 'today' or YYYY-MM-DD. */
const DateBound = Type.String({ pattern: '^(today|[0-9]{4}-[0-9]{2}-[0-9]{2})$' })

const fieldProperties = {
  key: FieldKey,
  label: Type.String({ minLength: 1 }),
  kind: FieldKind,
  required: Type.Boolean(),
  /** choice / multi: the values allowed. */
  options: Type.Optional(Type.Array(FieldOption, { minItems: 1 })),
  /** A line under the field: what to write, where to find it. */
  hint: Type.Optional(Type.String()),
  /** number: smallest / largest value; multi: fewest / most options picked. */
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  /** number: whole numbers only. */
  integer: Type.Optional(Type.Boolean()),
  /** number: the unit shown after the value, e.g. 元, 平方米. */
  unit: Type.Optional(Type.String()),
  /** date: earliest / latest date allowed. */
  minDate: Type.Optional(DateBound),
  maxDate: Type.Optional(DateBound),
  /** text / textarea: length in characters. */
  minLength: Type.Optional(Type.Integer({ minimum: 0 })),
  maxLength: Type.Optional(Type.Integer({ minimum: 1 })),
  /** text: a regular expression the whole value must match, with the Chinese message shown when it does not. */
  pattern: Type.Optional(Type.String()),
  patternMessage: Type.Optional(Type.String()),
  /** Filled from 实名认证 on the server; shown read-only and masked on the device. */
  prefill: Type.Optional(Prefill),
  showIf: Type.Optional(ShowIf),
}

/** A field inside a repeating group (a group does not nest). */
export const GroupItemField = Type.Object(fieldProperties, { additionalProperties: false })
export type GroupItemField = Static<typeof GroupItemField>

export const FormField = Type.Object(
  {
    ...fieldProperties,
    /** group: the fields of one entry, how many entries, and what one entry is called (e.g. 家庭成员). */
    fields: Type.Optional(Type.Array(GroupItemField, { minItems: 1 })),
    minItems: Type.Optional(Type.Integer({ minimum: 0 })),
    maxItems: Type.Optional(Type.Integer({ minimum: 1 })),
    itemLabel: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type FormField = Static<typeof FormField>

/** How a material may be provided: uploaded (photo or PDF), an e-licence already held (免提交), or shown at the 窗口. */
export const MaterialProvide = Type.Union([Type.Literal('upload'), Type.Literal('licence'), Type.Literal('counter')])
export type MaterialProvide = Static<typeof MaterialProvide>

export const FormMaterial = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 60 }),
    name: Type.String({ minLength: 1 }),
    required: Type.Boolean(),
    provide: Type.Array(MaterialProvide, { minItems: 1 }),
    /** licence: the e-licence types that stand for this material (e.g. 居民身份证). */
    licenceTypes: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    /** From the guide: originals/copies, what counts. */
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type FormMaterial = Static<typeof FormMaterial>

/** GET /api/services/:code/form and GET /api/bundles/:code/form. */
export const ServiceForm = Type.Object(
  {
    /** The item's code (or the bundle's code for a bundle form). */
    serviceCode: Type.String(),
    /** Changes whenever the form changes; an application records the version it was filled against. */
    version: Type.String(),
    fields: Type.Array(FormField),
    materials: Type.Array(FormMaterial),
  },
  { additionalProperties: false },
)
export type ServiceForm = Static<typeof ServiceForm>

/** One problem with one answer. `field` is the key, or `group[i].key` inside a repeating group (i from 0). */
export const FieldError = Type.Object({ field: Type.String(), message: Type.String() }, { additionalProperties: false })
export type FieldError = Static<typeof FieldError>

/** Answer shapes of the composite kinds. */
export interface AddressValue {
  /** One of Guangzhou's 11 districts. */
  district: string
  /** 街道 / 镇. */
  street: string
  /** 门牌、楼栋、房号. */
  detail: string
}
export interface BankValue {
  /** 开户银行. */
  bank: string
  /** 银行账号 (digits). */
  account: string
}

/** 404 FORM_NOT_FOUND: the item (or bundle) does not exist or cannot be applied for online. */
export const FormErrorCode = {
  FORM_NOT_FOUND: 'FORM_NOT_FOUND',
} as const
export type FormErrorCode = (typeof FormErrorCode)[keyof typeof FormErrorCode]
