// Open311 GeoReport v2 wire formats: the .json / .xml bodies, errors as [{code, description}], and ISO 8601 times in Asia/Shanghai (+08:00).

export type Format = 'json' | 'xml'

/** 2026-11-24T12:00:00+08:00: ISO 8601 with the zone, as GeoReport's examples write it. */
export function isoShanghai(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3_600_000)
  return `${local.toISOString().slice(0, 19)}+08:00`
}

/** '<path>.json' / '<path>.xml' → [path, format]; null for anything else. */
export function splitFormat(value: string): [string, Format] | null {
  const m = /^(.+)\.(json|xml)$/.exec(value)
  return m ? [m[1], m[2] as Format] : null
}

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // Characters XML 1.0 cannot carry at all.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
}

/** Element names for the items of known list fields (GeoReport's XML shape). */
const ITEM_NAME: Record<string, string> = {
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
  services: 'service',
  service_requests: 'request',
  errors: 'error',
}

function element(name: string, value: unknown, indent: string): string {
  if (value === null || value === undefined) return `${indent}<${name}/>\n`
  if (Array.isArray(value)) {
    const item = ITEM_NAME[name] ?? 'item'
    return `${indent}<${name}>\n${value.map((v) => element(item, v, `${indent}  `)).join('')}${indent}</${name}>\n`
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v, `${indent}  `))
      .join('')
    return `${indent}<${name}>\n${inner}${indent}</${name}>\n`
  }
  return `${indent}<${name}>${escapeXml(String(value))}</${name}>\n`
}

/** An XML document whose root `root` holds `value` (a list becomes repeated item elements). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, '')}`
}

export const CONTENT_TYPE: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
}

export interface Open311Error {
  code: number
  description: string
}

/** Thrown by handlers; the plugin's error handler writes it in the request's format. */
export class Open311Failure extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly description: string,
  ) {
    super(description)
  }
}
