// Image adapter: picking photos (Taro.chooseImage: album or camera, compressed) and sending one file as multipart
// (Taro.uploadFile, field "file") with the same answer shape as the JSON transport.
import Taro from '@tarojs/taro'
import type { UploadTransport } from '@/api/uploads'

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

export const taroUpload: UploadTransport = async (req) => {
  const res = await Taro.uploadFile({
    url: req.url,
    filePath: req.filePath,
    name: 'file',
    header: req.header,
    timeout: req.timeout,
    ...(process.env.TARO_ENV === 'alipay' ? { fileType: 'image' } : {}),
  } as Taro.uploadFile.Option)
  return { statusCode: res.statusCode, data: res.data }
}
