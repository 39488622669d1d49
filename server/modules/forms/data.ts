// The form data files (server/modules/forms/data/*.json): their TypeBox shapes. Options may be written as plain
// strings; a field may be a "@key" of the shared library (fields.json) or { ref, ...changes }.
import { Type, type Static } from '@sinclair/typebox'
import { Audience, ItemType } from '@contract/service'
import { FieldKind, MaterialProvide, Prefill, ShowIf } from '@contract/forms'

const Text = Type.String({ minLength: 1 })
const Option = Type.Union([Text, Type.Object({ value: Text, label: Text }, { additionalProperties: false })])

const fieldData = {
  key: Type.String({ pattern: '^[a-z][a-zA-Z0-9]*$', maxLength: 40 }),
  label: Text,
  kind: FieldKind,
  required: Type.Boolean(),
  options: Type.Optional(Type.Array(Option, { minItems: 1 })),
  hint: Type.Optional(Type.String()),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  integer: Type.Optional(Type.Boolean()),
  unit: Type.Optional(Type.String()),
  minDate: Type.Optional(Type.String({ pattern: '^(today|[0-9]{4}-[0-9]{2}-[0-9]{2})$' })),
  maxDate: Type.Optional(Type.String({ pattern: '^(today|[0-9]{4}-[0-9]{2}-[0-9]{2})$' })),
  minLength: Type.Optional(Type.Integer({ minimum: 0 })),
  maxLength: Type.Optional(Type.Integer({ minimum: 1 })),
  pattern: Type.Optional(Type.String()),
  patternMessage: Type.Optional(Type.String()),
  prefill: Type.Optional(Prefill),
  showIf: Type.Optional(ShowIf),
  fields: Type.Optional(Type.Array(Type.Unknown(), { minItems: 1 })),
  minItems: Type.Optional(Type.Integer({ minimum: 0 })),
  maxItems: Type.Optional(Type.Integer({ minimum: 1 })),
  itemLabel: Type.Optional(Type.String()),
}

/** A field written out in full. */
export const FieldData = Type.Object(fieldData, { additionalProperties: false })
export type FieldData = Static<typeof FieldData>

/** A library field with changes: { ref: 'bankAccount', label: '收款账户' }. */
export const FieldRefData = Type.Object(
  { ref: Type.String({ minLength: 1 }), ...Object.fromEntries(Object.entries(fieldData).map(([k, v]) => [k, Type.Optional(v)])) },
  { additionalProperties: false },
)

/** "@key", { ref, ... } or a whole field. */
export const FieldEntry = Type.Union([Type.String({ pattern: '^@[a-zA-Z0-9]+$' }), FieldRefData, FieldData])
export type FieldEntry = Static<typeof FieldEntry>

export const FieldsFile = Type.Object(
  { $comment: Type.Optional(Type.String()), fields: Type.Record(Type.String(), FieldData) },
  { additionalProperties: false },
)
export type FieldsFile = Static<typeof FieldsFile>

export const TemplateRule = Type.Object(
  {
    template: Text,
    codePrefix: Type.Optional(Type.Array(Text, { minItems: 1 })),
    nameMatches: Type.Optional(Text),
    audience: Type.Optional(Type.Array(Audience, { minItems: 1 })),
    itemType: Type.Optional(Type.Array(ItemType, { minItems: 1 })),
  },
  { additionalProperties: false },
)
export type TemplateRule = Static<typeof TemplateRule>

export const TemplatesFile = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    templates: Type.Record(Type.String({ pattern: '^[a-z][a-z-]*$' }), Type.Object({ description: Text, fields: Type.Array(FieldEntry, { minItems: 1 }) }, { additionalProperties: false })),
    rules: Type.Array(TemplateRule, { minItems: 1 }),
  },
  { additionalProperties: false },
)
export type TemplatesFile = Static<typeof TemplatesFile>

/** Changes to one guide material, named by its name in the guide. */
export const MaterialChange = Type.Object(
  { required: Type.Optional(Type.Boolean()), provide: Type.Optional(Type.Array(MaterialProvide, { minItems: 1 })) },
  { additionalProperties: false },
)

export const ItemFormsFile = Type.Object(
  {
    $comment: Text,
    forms: Type.Record(
      Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }),
      Type.Object(
        { fields: Type.Array(FieldEntry, { minItems: 1 }), materials: Type.Optional(Type.Record(Text, MaterialChange)) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type ItemFormsFile = Static<typeof ItemFormsFile>
