// Image adapter: picking photos (Taro.chooseImage: album or camera, compressed) and showing them full screen. Sending a
// file is upload.ts's.
import Taro from '@tarojs/taro'

/** Local paths of up to `count` photos the person picked; [] when they cancelled. */
export async function pickImages(count: number): Promise<string[]> {
  if (count <= 0) return []
  try {
    const res = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
    return (res.tempFilePaths ?? []).slice(0, count)
  } catch {
    // Cancelled, or no permission: nothing picked.
    return []
  }
}

/** Full-screen preview of the photos, starting at `current`. */
export function previewImages(urls: string[], current: string): void {
  void Taro.previewImage({ urls, current }).catch(() => undefined)
}
