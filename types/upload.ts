// API contract for photo uploads: POST /api/uploads (multipart, what Taro.uploadFile sends) and reading a photo back.
//
//   POST /api/uploads   multipart/form-data with one file field (any name; Taro.uploadFile's `name`, e.g. "file"),
//                       Authorization: Bearer <resident or staff token> → 201 Upload
//                       Only images, checked by decoding the bytes (JPEG, PNG, WebP, HEIC/HEIF where supported, GIF first frame):
//                       anything else → 415 NOT_AN_IMAGE; over 10 MB → 413 UPLOAD_TOO_LARGE; no file → 400 FILE_REQUIRED.
//                       The stored copy is re-encoded as JPEG (orientation applied, at most 2560 px on the long side)
//                       with all metadata removed (EXIF incl. GPS, XMP, IPTC).
//   GET  /api/uploads/:id?exp=&sig=   → image/jpeg: with the signed address from Photo.url (minted only for those
//                       allowed to see the request), or with Authorization for the uploader / the request's resident /
//                       staff in scope. Anyone else → 404.
// Pass the upload ids in FileRequestBody.photos, SupplementBody.photos or StaffActionBody.photos (reply); an upload
// can be attached once.
import { Type, type Static } from '@sinclair/typebox'

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

export const Upload = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    /** Signed address of the stored (cleaned) image, valid about an hour. */
    url: Type.String(),
    /** image/jpeg for photos; application/pdf for PDFs (application materials), checked by content. */
    contentType: Type.Union([Type.Literal('image/jpeg'), Type.Literal('application/pdf')]),
    /** Pixels of a photo; 0 for a PDF. */
    width: Type.Integer({ minimum: 0 }),
    height: Type.Integer({ minimum: 0 }),
    /** Pages of a PDF (1 for a photo). */
    pages: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Size of the stored copy in bytes. */
    bytes: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
)
export type Upload = Static<typeof Upload>

export const UploadErrorCode = {
  FILE_REQUIRED: 'FILE_REQUIRED',
  NOT_AN_IMAGE: 'NOT_AN_IMAGE',
  /** 415: a file sent as a PDF (name, type or first bytes) that is not a parseable PDF. */
  NOT_A_PDF: 'NOT_A_PDF',
  UPLOAD_TOO_LARGE: 'UPLOAD_TOO_LARGE',
} as const
export type UploadErrorCode = (typeof UploadErrorCode)[keyof typeof UploadErrorCode]
