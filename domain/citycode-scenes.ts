// City-code (一码通城) scenes and refusal reasons with their Chinese wording; pure, shared by app, server and verifier.

/** Where a code is used. The index is what the binary code carries, so never reorder; only append. */
export const CITY_SCENES = ['transit', 'library', 'social_security', 'medical_insurance', 'hall'] as const
export type CityScene = (typeof CITY_SCENES)[number]

export const SCENE_LABELS: Record<CityScene, string> = {
  transit: '乘车',
  library: '图书借阅',
  social_security: '电子社保卡',
  medical_insurance: '医保电子凭证',
  hall: '办事大厅签到',
}

export function isCityScene(value: string): value is CityScene {
  return (CITY_SCENES as readonly string[]).includes(value)
}

/** Why a code was refused; the first group is decided offline from the code alone, the rest online. */
export const REFUSAL_REASONS = [
  'malformed',
  'unknown_key',
  'bad_signature',
  'key_retired',
  'wrong_scene',
  'not_yet_valid',
  'expired',
  'too_long',
  'replayed',
  'revoked',
  'unknown_subject',
] as const
export type RefusalReason = (typeof REFUSAL_REASONS)[number]

export const REASON_LABELS: Record<RefusalReason, string> = {
  malformed: '不是有效的一码通城码',
  unknown_key: '签名密钥未知，请更新公钥',
  bad_signature: '签名无效，码可能被篡改',
  key_retired: '签名密钥已停用',
  wrong_scene: '该码不能用于本场景',
  not_yet_valid: '码尚未生效，请核对设备时间',
  expired: '码已过期，请刷新后重试',
  too_long: '码的有效期超出规定',
  replayed: '该码已使用过，请刷新后重试',
  revoked: '该码已被作废',
  unknown_subject: '持码人账号不可用',
}
