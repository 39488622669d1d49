// A multipart/form-data body with one file field, as Taro.uploadFile sends it (for the uploads and requests suites).

export function multipart(file: Buffer, filename: string, contentType = 'image/jpeg'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----onestop${Math.random().toString(16).slice(2)}`
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}
