// API contract for notices to residents: which WeChat subscribe-message templates exist and the consent the app reports.
import { Type, type Static } from '@sinclair/typebox'

export const NOTICE_TEMPLATES = ['appointment_reminder', 'appointment_cancelled', 'appointment_closed', 'request_status'] as const
export type NoticeTemplate = (typeof NOTICE_TEMPLATES)[number]

/** The fields each notice carries (all strings; long ones are shortened to what WeChat allows). */
export interface NoticeFields {
  /** 预约提醒: 事项, 大厅, 时间 ('YYYY-MM-DD HH:mm'), 预约码, 温馨提示. */
  appointment_reminder: { service: string; hall: string; time: string; code: string; note?: string }
  /** 预约取消: 事项, 大厅, 时间, 原因. */
  appointment_cancelled: { service: string; hall: string; time: string; reason: string }
  /** 大厅停办: 事项, 大厅, 时间, 原因. */
  appointment_closed: { service: string; hall: string; time: string; reason: string }
  /** 诉求进度: 编号, 状态, 时间, 说明. */
  request_status: { number: string; status: string; time: string; note?: string }
}

const TemplateName = Type.Union(NOTICE_TEMPLATES.map((t) => Type.Literal(t)))

export const NoticeTemplateList = Type.Object(
  {
    /** 'wechat' when the server can send WeChat subscribe messages; 'none' otherwise (the app then asks nothing). */
    platform: Type.Union([Type.Literal('wechat'), Type.Literal('none')]),
    /** Template ids by notice name, to pass to Taro.requestSubscribeMessage. */
    templates: Type.Record(Type.String(), Type.String()),
  },
  { additionalProperties: false },
)
export type NoticeTemplateList = Static<typeof NoticeTemplateList>

export const NoticeConsentBody = Type.Object(
  {
    /** Notice names the resident accepted (WeChat answered 'accept' for their template ids). */
    accepted: Type.Array(TemplateName, { maxItems: NOTICE_TEMPLATES.length, uniqueItems: true }),
  },
  { additionalProperties: false },
)
export type NoticeConsentBody = Static<typeof NoticeConsentBody>

export const NoticeConsentResult = Type.Object(
  {
    /** How many messages of each template the server may still send (one per acceptance, as WeChat allows). */
    remaining: Type.Record(Type.String(), Type.Integer()),
  },
  { additionalProperties: false },
)
export type NoticeConsentResult = Static<typeof NoticeConsentResult>
