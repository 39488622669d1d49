// Values for hostile-input tests, derived from the contract's JSON schemas: a valid value for any schema (so a request
// differs from a valid one in one field only), the hostile values tried per kind of field, and a checker with
// Fastify's own ajv settings. hostile-cases.ts turns them into requests.
import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'

/** A JSON schema as TypeBox builds them (plain objects; the TypeBox symbols do not matter here). */
export interface Schema {
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  anyOf?: Schema[]
  const?: unknown
  enum?: unknown[]
  minLength?: number
  maxLength?: number
  pattern?: string
  format?: string
  minimum?: number
  maximum?: number
  minItems?: number
  patternProperties?: Record<string, Schema>
  default?: unknown
}

// ---------------------------------------------------------------------------------------------------------------
// Valid values: each request changes one field of an otherwise valid request, so validation reaches that field.

const KNOWN_GOOD = ['gz-police-idcard-renew', '13800138000', '123456', 'ABCDEFGH12', '2026-10-12', 'abcdefgh', 'abc,def', 'a1', '12']

function validString(s: Schema): string {
  if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000'
  if (s.format === 'date-time') return '2026-10-12T09:00:00+08:00'
  if (s.format === 'date') return '2026-10-12'
  const min = s.minLength ?? 0
  const max = s.maxLength ?? Infinity
  if (s.pattern) {
    const re = new RegExp(s.pattern, 'u')
    const found = KNOWN_GOOD.find((c) => re.test(c) && c.length >= min && c.length <= max)
    if (found) return found
    throw new Error(`hostile-cases: no valid example for pattern ${s.pattern}; add one to KNOWN_GOOD`)
  }
  return '测试'.padEnd(Math.max(min, 2), '文')
}

export function validValue(s: Schema): unknown {
  if (s.const !== undefined) return s.const
  if (s.enum) return s.enum[0]
  if (s.anyOf) return validValue(s.anyOf.find((b) => b.type !== 'null') ?? s.anyOf[0])
  if (s.default !== undefined) return s.default
  switch (s.type) {
    case 'string':
      return validString(s)
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, Math.min(1, s.maximum ?? 1))
    case 'boolean':
      return false
    case 'null':
      return null
    case 'array':
      return s.items ? [validValue(s.items)] : []
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [key, prop] of Object.entries(s.properties ?? {})) out[key] = validValue(prop)
      return out
    }
    default:
      return 'x'
  }
}

/** Fastify's own ajv settings, to check that the generated baselines are valid (else a case would test nothing). */
export function baselineChecker(): (schema: Schema, value: unknown) => boolean {
  const ajv = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: true, allErrors: false, strict: false })
  addFormats(ajv)
  const cache = new Map<Schema, ValidateFunction>()
  return (schema, value) => {
    let fn = cache.get(schema)
    if (!fn) cache.set(schema, (fn = ajv.compile(schema)))
    return fn(structuredClone(value))
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile values. `raw` is JSON text for bodies; `text` is what goes in a query string, path or header.

export interface Hostile {
  label: string
  raw?: string
  text?: string
  /** true: no field of the contract may accept it. false: refused only when the field's schema refuses it. */
  mustRefuse: boolean
}

const LONG = 'x'.repeat(100_000)
export const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n)
export const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)

// mustRefuse false below: the field's own schema decides (hostile.test.ts asks ajv, with Fastify's coercion).

/** Numbers that are never what a contract integer or number means (outside every bound we declare). */
const HUGE_NUMBERS: Hostile[] = [
  { label: '1e309', raw: '1e309', text: '1e309', mustRefuse: true },
  { label: '-1e309', raw: '-1e309', text: '-1e309', mustRefuse: true },
  { label: '2**53+1', raw: '9007199254740993', text: '9007199254740993', mustRefuse: true },
  { label: '-(2**53+1)', raw: '-9007199254740993', text: '-9007199254740993', mustRefuse: true },
  { label: '1e20', raw: '1e20', text: '1e20', mustRefuse: true },
  { label: 'NaN', raw: '"NaN"', text: 'NaN', mustRefuse: true },
  { label: 'Infinity', raw: '"Infinity"', text: 'Infinity', mustRefuse: true },
]

const WRONG_TYPES: Record<string, Hostile[]> = {
  string: [
    { label: 'number', raw: '12345', mustRefuse: false },
    { label: 'object', raw: '{"$gt":""}', mustRefuse: false },
    { label: 'array', raw: '["a","b"]', mustRefuse: false },
    { label: 'null', raw: 'null', mustRefuse: false },
  ],
  number: [
    { label: 'text', raw: '"abc"', text: 'abc', mustRefuse: false },
    { label: 'hex', raw: '"0x10"', text: '0x10', mustRefuse: false },
    { label: 'empty', raw: '""', text: '', mustRefuse: false },
    { label: 'boolean', raw: 'true', mustRefuse: false },
    { label: 'object', raw: '{}', mustRefuse: false },
    { label: 'null', raw: 'null', mustRefuse: false },
  ],
  boolean: [
    { label: 'text', raw: '"yes"', text: 'yes', mustRefuse: false },
    { label: 'number', raw: '2', text: '2', mustRefuse: false },
  ],
  array: [
    { label: 'text', raw: '"x"', mustRefuse: false },
    { label: 'object', raw: '{}', mustRefuse: false },
    { label: 'too many', raw: JSON.stringify(Array.from({ length: 1001 }, (_, i) => i)), mustRefuse: false },
  ],
  object: [
    { label: 'text', raw: '"x"', mustRefuse: false },
    { label: 'array', raw: '[]', mustRefuse: false },
  ],
}

/** Strings no field accepts: NUL, control characters, lone surrogates, far too long. */
const BAD_STRINGS: Hostile[] = [
  { label: 'NUL', raw: '"\\u0000"', text: '\u0000', mustRefuse: true },
  { label: 'NUL inside', raw: '"ab\\u0000cd"', text: 'ab\u0000cd', mustRefuse: true },
  { label: 'control characters', raw: '"a\\u0001\\u001b[31mb\\u007f"', text: 'a\u0001\u001b[31mb\u007f', mustRefuse: true },
  { label: 'lone surrogate', raw: '"a\\ud800b"', text: 'a\ud800b', mustRefuse: true },
  { label: '100k characters', raw: JSON.stringify(LONG), text: LONG, mustRefuse: true },
]

/** Strings a free-text field may well accept (people write emoji); none may cause a 5xx. */
const ODD_STRINGS: Hostile[] = [
  { label: 'empty', raw: '""', text: '', mustRefuse: false },
  { label: 'spaces', raw: '"   "', text: '   ', mustRefuse: false },
  { label: 'RTL override', raw: JSON.stringify('\u202eabc\u202c'), text: '\u202eabc\u202c', mustRefuse: false },
  { label: 'emoji family', raw: JSON.stringify('👨‍👩‍👧‍👦🇨🇳'), text: '👨‍👩‍👧‍👦🇨🇳', mustRefuse: false },
  { label: 'combining marks', raw: JSON.stringify('e\u0301\u0302\u0303\u0304'.repeat(20)), text: 'e\u0301\u0302\u0303\u0304', mustRefuse: false },
  { label: 'SQL', raw: JSON.stringify("' OR 1=1; DROP TABLE users; --"), text: "' OR 1=1; --", mustRefuse: false },
  { label: 'path traversal', raw: '"../../etc/passwd"', text: '../../etc/passwd', mustRefuse: false },
  { label: 'zero-width', raw: JSON.stringify('\u200b\ufeff\u200d'), text: '\u200b\ufeff\u200d', mustRefuse: false },
]

const DEEP: Hostile[] = [
  { label: '1000-deep arrays', raw: deepArray(1000), mustRefuse: false },
  { label: '1000-deep objects', raw: deepObject(1000), mustRefuse: false },
]

function kindOf(s: Schema): string {
  if (s.anyOf) return s.anyOf.every((b) => b.const !== undefined) ? 'enum' : (s.anyOf.find((b) => b.type !== 'null')?.type as string) ?? 'union'
  if (s.const !== undefined || s.enum) return 'enum'
  return typeof s.type === 'string' ? s.type : 'unknown'
}

/** The values tried for one field of the given schema, on the wire as JSON (body) or as text (query, path, header). */
export function hostileValues(s: Schema, wire: 'json' | 'text'): Hostile[] {
  const kind = kindOf(s)
  const out: Hostile[] = []
  if (kind === 'integer' || kind === 'number') out.push(...HUGE_NUMBERS, ...WRONG_TYPES.number)
  if (kind === 'integer') out.push({ label: 'fraction', raw: '1.5', text: '1.5', mustRefuse: true })
  if (kind === 'integer' || kind === 'number') out.push({ label: 'negative', raw: '-1', text: '-1', mustRefuse: false })
  if (kind === 'boolean') out.push(...WRONG_TYPES.boolean)
  if (kind === 'array') out.push(...WRONG_TYPES.array, ...DEEP)
  if (kind === 'object') out.push(...WRONG_TYPES.object, ...DEEP)
  if (kind === 'string' || kind === 'enum') {
    out.push(...WRONG_TYPES.string, ...BAD_STRINGS, ...ODD_STRINGS)
    out.push(...HUGE_NUMBERS.slice(0, 3).map((h) => ({ ...h, label: `text ${h.label}`, raw: JSON.stringify(h.text), mustRefuse: false })))
  }
  if (wire === 'json') return out.filter((h) => h.raw !== undefined)
  // As text, a wrong JSON type is just more text; keep what can be written. A lone surrogate cannot be sent as UTF-8
  // text: its percent-encoded bytes arrive as U+FFFD (or, in a path, as a malformed URL), so the schema decides.
  return out.filter((h) => h.text !== undefined).map((h) => (h.label === 'lone surrogate' ? { ...h, mustRefuse: false } : h))
}

