// Two rules for every request, whatever its schema says, checked at the edge so that a refusal names the field:
// - text holds no NUL, no control characters (tab, line feed and carriage return excepted) and no lone UTF-16
//   surrogates: PostgreSQL cannot store NUL in text (it would be a 500), and none of the others is anything a person
//   types (preValidation);
// - numbers are finite: ajv's coercion turns the query text "1e309" or "Infinity" into Infinity after its own type
//   check, and `maximum` does not see it; no number of the contract is infinite (preHandler, after coercion).
import type { FastifyRequest } from 'fastify'
import type { ValidationIssue } from './errors'

/** C0 controls but \t \n \r, DEL, and surrogates not part of a pair. */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Nesting beyond this is not what any of our schemas describe; the walk stops there (the schema refuses the rest). */
const MAX_DEPTH = 64

/** The JSON-pointer path of the first string (or object key) with a forbidden character, or null. */
export function forbiddenTextAt(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return FORBIDDEN.test(value) ? path : null
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
    if (FORBIDDEN.test(key)) return at
    const found = forbiddenTextAt(item, at, depth + 1)
    if (found !== null) return found
  }
  return null
}

/** The JSON-pointer path of the first number that is not finite, or null. */
export function nonFiniteNumberAt(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null
  for (const [key, item] of Object.entries(value)) {
    const found = nonFiniteNumberAt(item, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1)
    if (found !== null) return found
  }
  return null
}

/** A validation error as ajv's would be, so the one error mapping words it. */
function refusal(context: string, instancePath: string, keyword: 'controlCharacters' | 'finiteNumber'): Error {
  const issue: ValidationIssue = { instancePath, keyword }
  return Object.assign(new Error('forbidden characters in request text'), { statusCode: 400, validation: [issue], validationContext: context })
}

/** preValidation hook: refuses path parameters, query strings and bodies holding forbidden characters. */
export async function refuseControlCharacters(request: FastifyRequest): Promise<void> {
  const parts: [string, unknown][] = [['params', request.params], ['querystring', request.query], ['body', request.body]]
  for (const [context, value] of parts) {
    const at = forbiddenTextAt(value)
    if (at !== null) throw refusal(context, at, 'controlCharacters')
  }
}

/** preHandler hook (after validation and its coercion): refuses infinite numbers in parameters, query and body. */
export async function refuseNonFiniteNumbers(request: FastifyRequest): Promise<void> {
  const parts: [string, unknown][] = [['params', request.params], ['querystring', request.query], ['body', request.body]]
  for (const [context, value] of parts) {
    const at = nonFiniteNumberAt(value)
    if (at !== null) throw refusal(context, at, 'finiteNumber')
  }
}
