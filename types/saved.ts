// API contract for a signed-in resident's 我的收藏 and 最近浏览 (kept on the device when signed out, synced when signed in).
import { Type, type Static } from '@sinclair/typebox'

export const SavedItem = Type.Object(
  {
    code: Type.String(),
    name: Type.String(),
    /** The department's name. */
    department: Type.String(),
    /** When it was saved or last opened (ms since epoch). */
    at: Type.Integer(),
  },
  { additionalProperties: false },
)
export type SavedItem = Static<typeof SavedItem>

export const SavedLists = Type.Object(
  {
    /** Newest first. */
    favourites: Type.Array(SavedItem),
    /** Newest first, at most 20. */
    recent: Type.Array(SavedItem),
  },
  { additionalProperties: false },
)
export type SavedLists = Static<typeof SavedLists>

const Mark = Type.Object(
  // at: milliseconds since 1970, at most the end of year 9999 (a Date and a PostgreSQL timestamptz hold it).
  { code: Type.String({ minLength: 1, maxLength: 80 }), at: Type.Integer({ minimum: 0, maximum: 253_402_300_799_999 }) },
  { additionalProperties: false },
)

/** What the device holds: merged into the account at sign-in and whenever the device was offline. */
export const SavedMergeBody = Type.Object(
  {
    favourites: Type.Array(Mark, { maxItems: 200 }),
    recent: Type.Array(Mark, { maxItems: 50 }),
    /** Favourites the resident removed on this device since the last sync. */
    removedFavourites: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { maxItems: 200 })),
  },
  { additionalProperties: false },
)
export type SavedMergeBody = Static<typeof SavedMergeBody>

export const SavedCodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 80 }) })
export type SavedCodeParams = Static<typeof SavedCodeParams>

/** 404: the item to save or mark as viewed is not an active catalog item. */
export const SavedErrorCode = {
  SERVICE_NOT_FOUND: 'SERVICE_NOT_FOUND',
} as const
export type SavedErrorCode = (typeof SavedErrorCode)[keyof typeof SavedErrorCode]
