// 导出我的数据 (PIPL right of access): the masked summary the page shows, the SMS code that guards the full file (sent to
// the account's own phone, like the sign-in code), and the full unmasked file — each full export and each refused code audited.
import { maskIdNumber, maskName, maskPhone } from '@domain/mask'
import type { Level, MeExport } from '@contract/me'
import type { ExportCodeResponse, MeExportSummary } from '@contract/me-export'
import { audit } from '../../auth'
import { AppError } from '../../errors'
import { summarySections } from './export-summary'
import type { IdentityDeps, IdentityService } from './service'

export function createExportService(deps: IdentityDeps, identity: IdentityService) {
  const { db, repo, crypto, clock, accountHooks } = deps

  /** Every module's export section, by its name. */
  async function records(userId: string): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {}
    for (const { export: section } of accountHooks) if (section) out[section.name] = await section.collect(db, userId)
    return out
  }

  /** The account's phone, to send the code to and check it against; a 409 when there is none. */
  async function phoneOf(userId: string): Promise<string> {
    const user = await identity.mustUser(userId)
    if (!user.phone_enc) throw new AppError(409, 'EXPORT_NEEDS_PHONE', '您的账号还没有绑定手机号，无法接收验证码。请先在“个人信息”中绑定手机号')
    return crypto.open('users.phone', user.phone_enc)
  }

  /** Everything held, unmasked. The caller has checked who asks and audits it. */
  async function fullExport(userId: string, currentSessionId: string, now: Date): Promise<MeExport> {
    const user = await identity.mustUser(userId)
    const account: MeExport['account'] = { id: user.id, level: user.level as Level, createdAt: user.created_at.toISOString() }
    if (user.phone_enc) account.phone = crypto.open('users.phone', user.phone_enc)
    if (user.realname_name_enc && user.id_number_enc) {
      account.realName = {
        name: crypto.open('users.name', user.realname_name_enc),
        idNumber: crypto.open('users.id_number', user.id_number_enc),
        declaredAt: (user.realname_at ?? user.created_at).toISOString(),
      }
    }
    const identities = (await repo.identities(userId)).map((i) => {
      const raw = crypto.open('identities.subject', i.subject_enc)
      let subject = raw
      if (i.provider !== 'sms') {
        const parsed = JSON.parse(raw) as { openid?: string; unionid?: string; userId?: string }
        subject = [parsed.openid, parsed.unionid, parsed.userId].filter(Boolean).join(' / ')
      }
      return { provider: i.provider, subject, linkedAt: i.created_at.toISOString(), lastLoginAt: i.last_login_at.toISOString() }
    })
    const smsCodes = user.phone_hmac
      ? (await repo.codesFor(user.phone_hmac)).map((c) => ({ sentAt: c.created_at.toISOString(), expiresAt: c.expires_at.toISOString(), used: !!c.used_at }))
      : []
    const activity = (await repo.activity(userId)).map((a) => ({ at: a.at.toISOString(), action: a.action }))
    const sessions = await identity.sessions(userId, currentSessionId)
    return { exportedAt: now.toISOString(), account, identities, sessions, smsCodes, activity, records: await records(userId) }
  }

  return {
    /** The masked, readable summary: nothing in it goes beyond what the masked profile shows. */
    async summary(userId: string, currentSessionId: string): Promise<MeExportSummary> {
      const now = clock()
      const user = await identity.mustUser(userId)
      const account: MeExportSummary['account'] = {
        level: user.level as Level,
        createdAt: user.created_at.toISOString(),
        providers: await repo.providers(userId),
        activeSessions: (await identity.sessions(userId, currentSessionId)).length,
      }
      if (user.phone_enc) account.phone = maskPhone(crypto.open('users.phone', user.phone_enc))
      if (user.realname_name_enc && user.id_number_enc) {
        account.realName = {
          name: maskName(crypto.open('users.name', user.realname_name_enc)),
          idNumber: maskIdNumber(crypto.open('users.id_number', user.id_number_enc)),
          declaredAt: (user.realname_at ?? user.created_at).toISOString(),
        }
      }
      return { generatedAt: now.toISOString(), account, sections: summarySections(await records(userId)), fullExport: { available: !!user.phone_enc } }
    },

    /** Sends a verification code to the account's own phone (the sign-in code's sending, cooldown and daily limits). */
    async sendCode(userId: string, ip: string): Promise<ExportCodeResponse> {
      const phone = await phoneOf(userId)
      const sent = await identity.sendCode(phone, ip)
      return { phone: maskPhone(phone), ...sent }
    },

    /** The full file, once the code sent to the account's phone checks out. A refused code is audited too. */
    async full(userId: string, currentSessionId: string, code: string): Promise<MeExport> {
      const now = clock()
      const phone = await phoneOf(userId)
      const phoneHmac = crypto.lookup('phone', phone)
      const refused = await db.transaction(async (tx) => {
        await repo.lockPhone(phoneHmac, tx)
        const error = await identity.useCode(phoneHmac, code, now, tx)
        // Audited before anything is handed out: a view of unmasked personal data, or an attempt at one.
        if (error) await audit(tx, { actorKind: 'resident', actorId: userId, action: 'resident.export.refused', target: `user:${userId}`, detail: { code: error.code }, at: now })
        else await audit(tx, { actorKind: 'resident', actorId: userId, action: 'resident.export', target: `user:${userId}`, detail: { verifiedBy: 'sms' }, at: now })
        return error
      })
      if (refused) throw refused
      return fullExport(userId, currentSessionId, now)
    },
  }
}

export type ExportService = ReturnType<typeof createExportService>
