// Photo uploads: images checked by their bytes, EXIF (GPS included) stripped with the orientation applied, ≤ 10 MB,
// stored under DATA_DIR/uploads, and read back only with a signed address or by someone allowed to see the request.
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import type { FiledRequest, RequestDetail, RevealedContact, StaffRequestDetail } from '@contract/request'
import type { Upload } from '@contract/upload'
import { buildApp, type App } from '../../server/app'
import { createSession } from '../../server/auth'
import type { Config } from '../../server/config'
import { createDataCrypto } from '../../server/crypto'
import type { Db } from '../../server/db'
import { databases, inject, prepareDatabase, testConfig, type Served } from './helpers'
import { multipart } from './multipart'

const KEY = Buffer.alloc(32, 9)
const crypto = createDataCrypto(KEY)

/** Whether a raw EXIF block (as sharp's metadata().exif gives it) holds a GPS IFD pointer (tag 0x8825) in IFD0. */
function hasGpsIfd(exif: Buffer): boolean {
  const tiff = exif.subarray(exif.indexOf('Exif\0\0') + 6)
  const le = tiff.toString('latin1', 0, 2) === 'II'
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o))
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o))
  const ifd0 = u32(4)
  const n = u16(ifd0)
  for (let i = 0; i < n; i++) if (u16(ifd0 + 2 + i * 12) === 0x8825) return true
  return false
}

describe.each(databases())('uploads on $name', ({ open }) => {
  let db: Db
  let app: App
  let api: Served
  let config: Config
  const now = new Date('2026-11-24T02:00:00Z')
  const tokens: Record<string, string> = {}

  beforeAll(async () => {
    db = await prepareDatabase(await open())
    config = testConfig({ DATA_KEY: KEY.toString('base64') })
    app = await buildApp({ config, db, clock: () => now, logger: false, crypto })
    api = await inject(app)
    for (const name of ['alice', 'bob']) {
      const r = await db.query<{ id: string }>(`INSERT INTO users (created_at, level) VALUES ($1, 1) RETURNING id`, [now])
      tokens[name] = (await createSession(db, { userId: r.rows[0].id, provider: 'sms' }, now)).token
    }
    for (const [name, role, dept] of [
      ['hotline', 'dispatcher', null],
      ['police', 'dept_staff', 'gz-police'],
      ['tax', 'dept_staff', 'gz-tax'],
    ] as const) {
      const r = await db.query<{ id: string }>(
        `INSERT INTO staff (username, display_name, password_hash, role, department_code, created_at, updated_at) VALUES ($1, $1, 'x', $2, $3, $4, $4) RETURNING id`,
        [name, role, dept, now],
      )
      tokens[name] = (await createSession(db, { staffId: r.rows[0].id }, now)).token
    }
  })
  afterAll(async () => {
    await api?.close()
    await db?.close()
  })

  const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` })
  const send = (who: string | null, file: Buffer, name: string, type = 'image/jpeg') => {
    const m = multipart(file, name, type)
    return api.request({ method: 'POST', url: '/api/uploads', payload: m.payload, headers: { ...(who ? as(who) : {}), ...m.headers } })
  }

  it('strips EXIF with GPS, applies the orientation, and stores the clean JPEG under DATA_DIR/uploads', async () => {
    // A 64×48 photo taken rotated (orientation 6) at 23°7′N 113°19′E.
    const original = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExifMerge({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '23/1 7/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '113/1 19/1 0/1' } })
      .toBuffer()
    const before = await sharp(original).metadata()
    expect(before.orientation).toBe(6)
    expect(hasGpsIfd(before.exif as Buffer)).toBe(true)

    const res = await send('alice', original, 'IMG_0001.JPG')
    expect(res.statusCode).toBe(201)
    const up = res.json<Upload>()
    expect(up).toMatchObject({ contentType: 'image/jpeg', width: 48, height: 64 })
    expect(up.url).toMatch(new RegExp(`^/api/uploads/${up.id}\\?exp=\\d+&sig=[0-9a-f]{32}$`))

    const back = await app.inject({ url: up.url })
    expect(back.statusCode).toBe(200)
    expect(back.headers['content-type']).toBe('image/jpeg')
    const meta = await sharp(back.rawPayload).metadata()
    expect(meta).toMatchObject({ format: 'jpeg', width: 48, height: 64 })
    expect(meta.exif).toBeUndefined()
    expect(meta.orientation).toBeUndefined()
    expect(meta.xmp).toBeUndefined()
    expect(back.rawPayload.includes(Buffer.from('TestCam'))).toBe(false)

    const dir = path.join(config.uploadsDir, '2026', '11')
    expect(existsSync(dir)).toBe(true)
    expect(readdirSync(dir)).toContain(`${up.id}.jpg`)
  })

  it('accepts a PNG by its bytes whatever it is called, and refuses a non-image named .jpg', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 4, background: '#0f0' } }).png().toBuffer()
    const ok = await send('alice', png, 'scan.dat', 'application/octet-stream')
    expect(ok.statusCode).toBe(201)
    const fake = Buffer.from('%PDF-1.4 this is a document, not a photo\n'.repeat(20))
    const bad = await send('alice', fake, 'photo.jpg', 'image/jpeg')
    expect(bad.statusCode).toBe(415)
    expect(bad.json()).toEqual({ code: 'NOT_AN_IMAGE', message: '只能上传图片（JPG、PNG、WebP 等），该文件不是有效的图片' })
    // A truncated JPEG (the header of a real one) is not an image either.
    const real = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#00f' } }).jpeg().toBuffer()
    expect((await send('alice', real.subarray(0, 200), 'cut.jpg')).statusCode).toBe(415)
    expect((await db.query('SELECT 1 FROM uploads')).rowCount).toBe(2)
  })

  it('takes a phone-sized photo above the JSON body limit, shrinking it to 2560 px', async () => {
    const noise = Buffer.alloc(3000 * 1500 * 3)
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24
    const big = await sharp(noise, { raw: { width: 3000, height: 1500, channels: 3 } }).jpeg({ quality: 95 }).toBuffer()
    expect(big.length).toBeGreaterThan(config.bodyLimit)
    const res = await send('alice', big, 'IMG_big.jpg')
    expect(res.statusCode).toBe(201)
    expect(res.json<Upload>()).toMatchObject({ width: 2560, height: 1280 })
  })

  it('refuses more than 10 MB, an empty form, and callers without a session', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0xff)
    const tooBig = await send('alice', big, 'big.jpg')
    expect(tooBig.statusCode).toBe(413)
    expect(tooBig.json()).toEqual({ code: 'UPLOAD_TOO_LARGE', message: '图片不能超过 10 MB' })
    const boundary = '----empty'
    const empty = await api.request({
      method: 'POST',
      url: '/api/uploads',
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--${boundary}--\r\n`,
      headers: { ...as('alice'), 'content-type': `multipart/form-data; boundary=${boundary}` },
    })
    expect(empty.json<{ code: string }>().code).toBe('FILE_REQUIRED')
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).png().toBuffer()
    expect((await send(null, png, 'a.png')).statusCode).toBe(401)
    // JSON is not an upload.
    expect((await api.request({ method: 'POST', url: '/api/uploads', payload: { a: 1 }, headers: as('alice') })).statusCode).toBe(415)
  })

  it('lets only those who may see the request read its photos', async () => {
    const jpeg = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#999' } }).jpeg().toBuffer()
    const up = (await send('alice', jpeg, 'p.jpg')).json<Upload>()
    const read = (who: string | null, url = `/api/uploads/${up.id}`) => api.request({ url, headers: who ? as(who) : {} })
    // Before it is attached: the uploader only.
    expect((await read('alice')).statusCode).toBe(200)
    expect((await read('bob')).statusCode).toBe(404)
    expect((await read('hotline')).statusCode).toBe(404)
    expect((await read(null)).statusCode).toBe(404)
    // Bob cannot attach Alice's photo to his request.
    const stolen = await api.request({
      method: 'POST',
      url: '/api/requests',
      payload: { type: 'help', content: '借用别人的照片提交一条诉求试试。', photos: [up.id] },
      headers: { ...as('bob'), 'idempotency-key': 'bob-steal-0001' },
    })
    expect(stolen.json<{ code: string }>().code).toBe('PHOTO_INVALID')
    const filed = await api.request({
      method: 'POST',
      url: '/api/requests',
      payload: { type: 'complaint', content: '小区门口违停车辆堵塞消防通道。', photos: [up.id] },
      headers: { ...as('alice'), 'idempotency-key': 'alice-photo-0001' },
    })
    const id = filed.json<FiledRequest>().id
    await api.request({ method: 'POST', url: `/api/staff/requests/${id}/actions`, payload: { action: 'accept' }, headers: as('hotline') })
    await api.request({ method: 'POST', url: `/api/staff/requests/${id}/actions`, payload: { action: 'dispatch', departmentCode: 'gz-police' }, headers: as('hotline') })
    expect((await read('alice')).statusCode).toBe(200)
    expect((await read('hotline')).statusCode).toBe(200)
    expect((await read('police')).statusCode).toBe(200)
    expect((await read('tax')).statusCode).toBe(404)
    expect((await read('bob')).statusCode).toBe(404)
    // The signed address from the detail works without a session; a forged or expired one does not.
    const detail = (await api.request({ url: `/api/requests/${id}`, headers: as('alice') })).json<RequestDetail>()
    const url = detail.photos[0].url
    expect((await read(null, url)).statusCode).toBe(200)
    expect((await read(null, url.replace(/sig=[0-9a-f]{4}/, 'sig=0000'))).statusCode).toBe(404)
    expect((await read(null, url.replace(/exp=\d+/, 'exp=1700000000'))).statusCode).toBe(404)
  })

  it('deletes the files of unattached photos on erasure (DELETE /api/me); requests kept keep their photos, no contact', async () => {
    const r = await db.query<{ id: string }>(`INSERT INTO users (created_at, level) VALUES ($1, 1) RETURNING id`, [now])
    const dave = r.rows[0].id
    tokens.dave = (await createSession(db, { userId: dave, provider: 'sms' }, now)).token
    const jpeg = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#3a3' } }).jpeg().toBuffer()
    const [filedWith, supplemented, loose1, loose2] = await Promise.all([1, 2, 3, 4].map(async () => (await send('dave', jpeg, 'x.jpg')).json<Upload>()))
    const keys = await db.query<{ id: string; storage_key: string }>('SELECT id, storage_key FROM uploads WHERE user_id = $1', [dave])
    const fileOf = (id: string) => path.join(config.uploadsDir, ...(keys.rows.find((k) => k.id === id)?.storage_key ?? 'missing').split('/'))
    for (const p of [filedWith, supplemented, loose1, loose2]) expect(existsSync(fileOf(p.id))).toBe(true)

    const filed = await api.request({
      method: 'POST',
      url: '/api/requests',
      payload: { type: 'report', content: '楼下餐馆夜间油烟直排，影响整栋楼的住户。', photos: [filedWith.id], contactPhone: '13712345678', contactName: '张大伟' },
      headers: { ...as('dave'), 'idempotency-key': 'dave-erase-0001' },
    })
    const id = filed.json<FiledRequest>().id
    const more = await api.request({ method: 'POST', url: `/api/requests/${id}/supplement`, payload: { note: '晚上九点后最严重', photos: [supplemented.id] }, headers: as('dave') })
    expect(more.statusCode).toBe(200)
    const before = (await api.request({ url: `/api/staff/requests/${id}`, headers: as('hotline') })).json<StaffRequestDetail>()
    expect(before.contact).toMatchObject({ phone: '137****5678', revealable: true })

    expect((await api.request({ method: 'DELETE', url: '/api/me', headers: as('dave') })).statusCode).toBe(204)

    // The loose photos are gone from DATA_DIR/uploads and from the database; the request's photos stay with it.
    expect(existsSync(fileOf(loose1.id))).toBe(false)
    expect(existsSync(fileOf(loose2.id))).toBe(false)
    expect(existsSync(fileOf(filedWith.id))).toBe(true)
    expect(existsSync(fileOf(supplemented.id))).toBe(true)
    const left = await db.query<{ id: string }>('SELECT id FROM uploads WHERE user_id = $1 ORDER BY created_at', [dave])
    expect(left.rows.map((x) => x.id).sort()).toEqual([filedWith.id, supplemented.id].sort())
    expect((await api.request({ url: `/api/requests/${id}`, headers: as('dave') })).statusCode).toBe(401)

    // The request stays for statistics, with nothing left to reach or identify the resident.
    const after = (await api.request({ url: `/api/staff/requests/${id}`, headers: as('hotline') })).json<StaffRequestDetail>()
    expect(after.contact).toEqual({ anonymous: false, name: null, phone: null, revealable: false })
    expect(after.photos).toHaveLength(1)
    expect(after.timeline[0].actor).toEqual({ kind: 'resident', name: '市民' })
    const revealed = await api.request({ method: 'POST', url: `/api/staff/requests/${id}/contact`, headers: as('hotline') })
    expect(revealed.statusCode).toBe(200)
    expect(revealed.json<RevealedContact>()).toEqual({ name: null, phone: null })
    const raw = JSON.stringify(after)
    for (const secret of ['13712345678', '5678', '张大伟', '大伟', dave]) expect(raw).not.toContain(secret)
    const row = await db.query<{ contact_phone_enc: string | null; contact_name_enc: string | null }>('SELECT contact_phone_enc, contact_name_enc FROM requests WHERE id = $1', [id])
    expect(row.rows[0]).toEqual({ contact_phone_enc: null, contact_name_enc: null })
  })
})
