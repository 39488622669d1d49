// QrCode: shows a string as a scannable QR code (error correction M, 4-module quiet zone, dark on white) in weapp, alipay and H5.
//
// How it renders: qrcode-generator builds the module matrix and encodes it as a small GIF data URL, shown by one
// <Image>. A grid of Views would cost hundreds of nodes (a 49-module code has ~600 dark runs) in every setData;
// the GIF is one string of ~4 KB, so a code that refreshes every 30 s stays cheap. The image is drawn at 4 px per
// module and scaled to `size` (design px, 750-wide) with nearest-neighbour scaling where the platform honours it.
//
// Props: `value` (the text to encode), `size` (design px, default 400 = 200 CSS px), `label` (what a screen reader
// says; default 二维码), `id`. An empty value shows a blank placeholder of the same size instead of a code.
import { useMemo } from 'react'
import Taro from '@tarojs/taro'
import { View, Image } from '@tarojs/components'
import qrcode from 'qrcode-generator'
import './index.scss'

export interface QrCodeProps {
  id?: string
  value: string
  /** Display size of the square, design px (750-wide design). */
  size?: number
  /** Accessible label read by screen readers. */
  label?: string
}

/** Pixels per module in the generated GIF. */
const CELL_PX = 4
/** Quiet zone, in modules, on every side (the QR spec asks for 4). */
export const QUIET_ZONE = 4

/** The GIF data URL for `value` (level M, automatic version, byte mode); exported so tests can compare. */
export function qrDataUrl(value: string): string {
  const code = qrcode(0, 'M')
  code.addData(value, 'Byte')
  code.make()
  return code.createDataURL(CELL_PX, QUIET_ZONE * CELL_PX)
}

export default function QrCode({ id, value, size = 400, label = '二维码' }: QrCodeProps) {
  const src = useMemo(() => (value ? qrDataUrl(value) : ''), [value])
  const side = Taro.pxTransform(size)
  const style = { width: side, height: side }
  return (
    <View id={id} className='os-qr-code' style={style} ariaRole='img' ariaLabel={label}>
      {src ? (
        <Image className='os-qr-code__image' src={src} style={style} mode='scaleToFill' ariaLabel={label} nativeProps={{ alt: label }} />
      ) : (
        <View className='os-qr-code__blank' style={style} />
      )}
    </View>
  )
}
