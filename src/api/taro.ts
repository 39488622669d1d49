// The app's transport: Taro.request, which is wx.request / my.request / fetch underneath.
import Taro from '@tarojs/taro'
import type { Transport, TransportResponse } from './client'

export const taroTransport: Transport = async (req) => {
  const res = await Taro.request({
    url: req.url,
    method: req.method,
    data: req.data as Record<string, unknown> | undefined,
    header: req.header,
    timeout: req.timeout,
    dataType: 'json',
  })
  // Some runtimes resolve without a result; the client reports that as BAD_RESPONSE.
  if (!res) return undefined as unknown as TransportResponse
  return { statusCode: res.statusCode, data: res.data, header: res.header as Record<string, string> }
}
