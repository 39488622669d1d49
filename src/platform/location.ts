// Location adapter: the current position (Taro.getLocation) and a point picked on the map (Taro.chooseLocation),
// each answering a plain result; H5 has no map picker (it needs a map vendor key), so it offers the position only.
import Taro from '@tarojs/taro'

export interface PickedPlace {
  lat: number
  lng: number
  /** Place name and address as the map picker gives them; empty for a bare position. */
  name: string
  address: string
}

export type LocationAnswer =
  | { ok: true; place: PickedPlace }
  | { ok: false; reason: 'cancelled' | 'denied' | 'unavailable'; message: string }

/** Whether this platform has a map picker. */
export function canPickOnMap(): boolean {
  return process.env.TARO_ENV !== 'h5'
}

function failure(err: unknown): LocationAnswer {
  const text = String((err as { errMsg?: string; message?: string })?.errMsg ?? (err as Error)?.message ?? err)
  if (/cancel/i.test(text)) return { ok: false, reason: 'cancelled', message: '' }
  if (/auth|deny|denied|permission|权限|privacy/i.test(text)) {
    return { ok: false, reason: 'denied', message: '未获得位置权限，请手动填写地址并选择所在区' }
  }
  return { ok: false, reason: 'unavailable', message: '暂时无法获取位置，请手动填写地址并选择所在区' }
}

/** The device's position (GCJ-02 in mini-programs, WGS-84 in the browser, which has nothing else). */
export async function currentPosition(): Promise<LocationAnswer> {
  try {
    // A browser may never answer an unanswered permission prompt: give up after 10 s.
    const res = await Taro.getLocation({ type: process.env.TARO_ENV === 'h5' ? 'wgs84' : 'gcj02', highAccuracyExpireTime: 10_000 })
    return { ok: true, place: { lat: res.latitude, lng: res.longitude, name: '', address: '' } }
  } catch (err) {
    return failure(err)
  }
}

/** Opens the platform's map to pick a point; its name and address come with it. */
export async function pickOnMap(): Promise<LocationAnswer> {
  if (!canPickOnMap()) return { ok: false, reason: 'unavailable', message: '当前环境不支持地图选点，请手动填写地址并选择所在区' }
  try {
    const res = await Taro.chooseLocation({})
    if (!res.latitude && !res.longitude) return { ok: false, reason: 'cancelled', message: '' }
    return { ok: true, place: { lat: res.latitude, lng: res.longitude, name: res.name ?? '', address: res.address ?? '' } }
  } catch (err) {
    return failure(err)
  }
}
