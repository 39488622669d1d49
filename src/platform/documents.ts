// Document adapter: picking PDF files for an application's materials — WeChat's chat-file picker in the
// mini-program, a file input in a browser; Alipay has no file picker, so there only photos are offered.
import Taro from '@tarojs/taro'

export interface PickedFile {
  path: string
  name: string
}

export const canPickDocuments = process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'h5'

/** Up to `count` PDFs the person picked; [] when they cancelled. The server checks each file by its content. */
export async function pickDocuments(count: number): Promise<PickedFile[]> {
  if (count <= 0) return []
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const res = await Taro.chooseMessageFile({ count, type: 'file', extension: ['pdf'] })
      return res.tempFiles.map((f) => ({ path: f.path, name: f.name }))
    } catch {
      return []
    }
  }
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
    return new Promise((resolve) => {
      const input = document.createElement('input')
      input.type = 'file'
      input.accept = 'application/pdf,.pdf'
      input.multiple = count > 1
      input.style.display = 'none'
      input.onchange = () => {
        const files = Array.from(input.files ?? []).slice(0, count)
        input.remove()
        resolve(files.map((f) => ({ path: URL.createObjectURL(f), name: f.name })))
      }
      document.body.appendChild(input)
      input.click()
    })
  }
  return []
}

/**
 * Opens a file the API serves only with a staff token (an application's material): in a browser it is fetched and
 * shown in a new tab (image or PDF as the server typed it); in a mini-program it is downloaded, then previewed as a
 * photo or opened as a document. Rejects when the file could not be had.
 */
export async function openProtectedFile(url: string, token: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } })
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    const blob = await res.blob()
    window.open(URL.createObjectURL(blob), '_blank')
    return
  }
  const res = await Taro.downloadFile({ url, header: { Authorization: `Bearer ${token}` } })
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`)
  const type = (res as unknown as { header?: Record<string, string> }).header?.['Content-Type'] ?? ''
  if (type.includes('pdf')) await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf' })
  else await Taro.previewImage({ urls: [res.tempFilePath] })
}
