// The full data export (POST /api/me/export/full) is given only for the SMS code sent to the account's own phone.
// Suites that check their module's part of the export, without the fake SMS gateway, plant a code as the server stores
// one (sms_codes: HMACs of the phone and of phone + code) and ask with it; test/server/me-export.test.ts checks the
// real flow over the gateway.
import type { App } from '../../server/app'
import { createDataCrypto, loadDataKey } from '../../server/crypto'

const CODE = '246810'

/** The resident's full export through POST /api/me/export/full with a planted code (an account without a phone gets one). */
export async function fullExport(app: App, headers: Record<string, string>): Promise<Awaited<ReturnType<App['inject']>>> {
  const me = await app.inject({ url: '/api/me', headers })
  if (me.statusCode !== 200) return me
  const userId = me.json<{ id: string }>().id
  const crypto = createDataCrypto(loadDataKey(app.config))
  const row = (await app.db.query<{ phone_enc: string | null }>('SELECT phone_enc FROM users WHERE id = $1', [userId])).rows[0]
  let phone = row.phone_enc ? crypto.open('users.phone', row.phone_enc) : null
  if (!phone) {
    // As after an SMS sign-in: the code goes to the account's phone.
    phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
    await app.db.query('UPDATE users SET phone_enc = $2, phone_hmac = $3 WHERE id = $1', [userId, crypto.seal('users.phone', phone), crypto.lookup('phone', phone)])
  }
  const phoneHmac = crypto.lookup('phone', phone)
  const now = app.clock()
  await app.db.query('INSERT INTO sms_codes (phone_hmac, code_hmac, ip_hmac, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    phoneHmac,
    crypto.lookup('sms_code', `${phoneHmac}:${CODE}`),
    crypto.lookup('ip', 'test'),
    now,
    new Date(now.getTime() + 5 * 60_000),
  ])
  return app.inject({ method: 'POST', url: '/api/me/export/full', headers, payload: { code: CODE } })
}
