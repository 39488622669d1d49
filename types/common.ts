// Shared pieces of the API contract: the error body every 4xx/5xx answer uses, and pagination helpers.
import { Type, type Static, type TSchema } from '@sinclair/typebox'

/**
 * Every error answer. `code` is a stable UPPER_SNAKE machine code the app can switch on;
 * `message` is Simplified Chinese text that can be shown to the person as is.
 */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z][A-Z0-9_]*$', description: '机器可读的错误码（大写下划线）' }),
    message: Type.String({ description: '可直接展示给用户的中文说明' }),
  },
  { additionalProperties: false },
)
export type ErrorBody = Static<typeof ErrorBody>

/**
 * Error codes of HTTP itself, which the server's single error handler produces on its own (one per 4xx status, plus
 * validation, JSON and 5xx); modules add their own codes (types/errors.ts joins them all).
 */
export const CommonErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  BAD_JSON: 'BAD_JSON',
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  NOT_ACCEPTABLE: 'NOT_ACCEPTABLE',
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  CONFLICT: 'CONFLICT',
  GONE: 'GONE',
  LENGTH_REQUIRED: 'LENGTH_REQUIRED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  URI_TOO_LONG: 'URI_TOO_LONG',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  UNPROCESSABLE: 'UNPROCESSABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  HEADERS_TOO_LARGE: 'HEADERS_TOO_LARGE',
  INTERNAL: 'INTERNAL',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const
export type CommonErrorCode = (typeof CommonErrorCode)[keyof typeof CommonErrorCode]

/** The last page any list serves: beyond it a page number is a mistake, not a request (and offsets stay small). */
export const MAX_PAGE = 10_000

/** Query string for paged lists: `?page=1&pageSize=20` (page counts from 1). */
export const PageQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
)
export type PageQuery = Static<typeof PageQuery>

/** A page of items plus the total count, for any item schema. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object(
    {
      items: Type.Array(item),
      total: Type.Integer({ minimum: 0 }),
      page: Type.Integer({ minimum: 1 }),
      pageSize: Type.Integer({ minimum: 1 }),
    },
    { additionalProperties: false },
  )
export interface PageOf<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

/** A plain list of items without paging: `{ items: [...] }`. */
export const ItemList = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item) }, { additionalProperties: false })
