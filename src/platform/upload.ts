// Upload adapter: one file sent as multipart (Taro.uploadFile, field "file") with the same answer shape as the JSON
// transport. Kept apart from the photo picker and viewer (images.ts): the app shell hands it to the RootStore, and on
// H5 the picker and the full-screen viewer (Swiper) would otherwise ride along in the initial JS.
import Taro from '@tarojs/taro'
import type { UploadTransport } from '@/api/uploads'

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
