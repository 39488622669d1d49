// Every error code the API answers with (`{ code, message }`): HTTP's own codes and each module's. The server's AppError
// takes only an ErrorCode, so a code outside these unions is a type error; the app narrows ApiError.code with it.
import type { AnnouncementErrorCode } from './announcements'
import type { AppointmentErrorCodeName } from './appointment'
import type { ApplicationErrorCode } from './applications'
import type { AuthErrorCode } from './auth'
import type { CitycodeErrorCode } from './citycode'
import type { CommonErrorCode } from './common'
import type { DashboardErrorCode } from './dashboard'
import type { FormErrorCode } from './forms'
import type { HealthErrorCode } from './health'
import type { LicenceErrorCode } from './licences'
import type { MeExportErrorCode } from './me-export'
import type { RatingErrorCode } from './ratings'
import type { RequestErrorCode } from './request'
import type { SavedErrorCode } from './saved'
import type { SimilarErrorCode } from './similar'
import type { UploadErrorCode } from './upload'

export type ErrorCode =
  | CommonErrorCode
  | AuthErrorCode
  | AnnouncementErrorCode
  | AppointmentErrorCodeName
  | ApplicationErrorCode
  | CitycodeErrorCode
  | DashboardErrorCode
  | FormErrorCode
  | HealthErrorCode
  | LicenceErrorCode
  | MeExportErrorCode
  | RatingErrorCode
  | RequestErrorCode
  | SavedErrorCode
  | SimilarErrorCode
  | UploadErrorCode
