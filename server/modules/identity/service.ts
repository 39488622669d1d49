// Rules for residents: sign-in by WeChat, Alipay or SMS (one person, several identities), real name and erasure (the export: export.ts).
import { randomInt } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { checkIdNumber, normalizeIdNumber } from '@domain/idcard'
import { maskIdNumber, maskName, maskPhone } from '@domain/mask'
import type { SessionResponse, SmsSendResponse } from '@contract/auth'
import type { Level, Me, SessionInfo } from '@contract/me'
import { audit, createSession } from '../../auth'
import type { Config } from '../../config'
import type { DataCrypto } from '../../crypto'
import type { Db, Queryable } from '../../db'
import { AppError } from '../../errors'
import { alipayAuthCodeToUser } from '../../integrations/alipay'
import { sendSms } from '../../integrations/sms'
import { wechatCodeToSession } from '../../integrations/wechat'
import type { AccountHooks } from './account-hooks'
import type { IdentityRepo, Provider, UserRow } from './repo'

export const SMS_CODE_TTL_SECONDS = 300
/** The default seconds between two codes to one phone (config SMS_COOLDOWN_SECONDS). */
export const SMS_COOLDOWN_SECONDS = 60
export const SMS_DAILY_MAX = 10
export const SMS_MAX_TRIES = 5

const CHINA_OFFSET_MS = 8 * 3_600_000

/** Midnight in China (UTC+8) of the day `now` falls on. */
function startOfChinaDay(now: Date): Date {
  const day = Math.floor((now.getTime() + CHINA_OFFSET_MS) / 86_400_000)
  return new Date(day * 86_400_000 - CHINA_OFFSET_MS)
}

/** Han characters, letters, the middle dot of minority and foreign names, and single spaces. */
const NAME = /^[\p{Script=Han}A-Za-z][\p{Script=Han}A-Za-z·•.\s]{0,28}[\p{Script=Han}A-Za-z]$/u

export interface IdentityDeps {
  db: Db
  repo: IdentityRepo
  crypto: DataCrypto
  config: Config
  clock: () => Date
  log: FastifyBaseLogger
  /** What every module holds about a resident (server/modules/index.ts), run in this order by merge, export and erasure. */
  accountHooks: readonly AccountHooks[]
}

export function createIdentityService(deps: IdentityDeps) {
  const { db, repo, crypto, config, clock, accountHooks } = deps
  const subjectHmac = (provider: Provider, subject: string) => crypto.lookup('identity', `${provider}:${subject}`)
  const sealedPhone = (phone: string) => ({ enc: crypto.seal('users.phone', phone), hmac: crypto.lookup('phone', phone) })

  async function toMe(user: UserRow, tx: Queryable = db): Promise<Me> {
    const me: Me = { id: user.id, level: user.level as Level, providers: await repo.providers(user.id, tx) }
    if (user.phone_enc) me.phone = maskPhone(crypto.open('users.phone', user.phone_enc))
    if (user.realname_name_enc && user.id_number_enc) {
      me.realName = {
        name: maskName(crypto.open('users.name', user.realname_name_enc)),
        idNumber: maskIdNumber(crypto.open('users.id_number', user.id_number_enc)),
      }
    }
    return me
  }

  async function mustUser(userId: string, tx: Queryable = db): Promise<UserRow> {
    const user = await repo.user(userId, tx)
    if (!user) throw new AppError(401, 'UNAUTHORIZED', '登录已失效，请重新登录')
    return user
  }

  async function session(userId: string, provider: Provider, now: Date): Promise<SessionResponse> {
    const s = await createSession(db, { userId, provider }, now)
    return { token: s.token, expiresAt: s.expiresAt.toISOString(), user: await toMe(await mustUser(userId)) }
  }

  /** The user behind a platform identity, created on first sign-in. `subjects` are tried in order. */
  async function findOrCreate(provider: Provider, subjects: string[], sealed: string, now: Date): Promise<string> {
    const hmacs = subjects.map((s) => subjectHmac(provider, s))
    return db.transaction(async (tx) => {
      const existing = await repo.identityOwner(provider, hmacs, tx)
      if (existing) {
        await repo.touchIdentity(provider, existing, now, tx)
        return existing
      }
      const userId = await repo.createUser(now, null, tx)
      if (await repo.addIdentity(provider, hmacs[0], sealed, userId, now, tx)) return userId
      // A concurrent first sign-in created it: use theirs.
      await repo.deleteUserRow(userId, tx)
      return (await repo.identityOwner(provider, hmacs, tx)) as string
    })
  }

  /**
   * Checks an SMS code sent to the phone (the caller holds the phone's lock in `tx`) and uses it up. Answers why it is
   * refused, or null; a wrong code counts as a try, which the caller's transaction keeps.
   */
  async function useCode(phoneHmac: string, code: string, now: Date, tx: Queryable): Promise<AppError | null> {
    const row = await repo.latestCode(phoneHmac, tx)
    if (!row) return new AppError(400, 'SMS_CODE_INVALID', '请先获取短信验证码')
    if (row.used_at || row.expires_at.getTime() <= now.getTime()) return new AppError(400, 'SMS_CODE_EXPIRED', '验证码已失效，请重新获取')
    if (row.tries >= SMS_MAX_TRIES) return new AppError(429, 'SMS_TOO_MANY_TRIES', '验证码错误次数过多，请重新获取')
    if (crypto.lookup('sms_code', `${phoneHmac}:${code}`) !== row.code_hmac) {
      const left = SMS_MAX_TRIES - (await repo.addTry(row.id, tx))
      return left > 0
        ? new AppError(400, 'SMS_CODE_INVALID', `验证码不正确，还可以再试 ${left} 次`)
        : new AppError(429, 'SMS_TOO_MANY_TRIES', '验证码错误次数过多，请重新获取')
    }
    if (!(await repo.useCode(row.id, now, tx))) return new AppError(400, 'SMS_CODE_EXPIRED', '验证码已失效，请重新获取')
    return null
  }

  /**
   * Joins two accounts that turned out to be one person. Kept: the one with a real name when only one has it,
   * otherwise the older (on a tie, the phone's). Two different real names are refused (409). Everything of the other moves over.
   */
  async function merge(a: string, b: string, now: Date, tx: Queryable): Promise<string> {
    const [ua, ub] = [await mustUser(a, tx), await mustUser(b, tx)]
    if (ua.id_number_hmac && ub.id_number_hmac && ua.id_number_hmac !== ub.id_number_hmac) {
      throw new AppError(409, 'ACCOUNT_MERGE_CONFLICT', '该手机号已属于另一位已实名的居民，无法合并账号。如有疑问请联系客服')
    }
    let keep = ua
    let drop = ub
    if (!ua.id_number_hmac && ub.id_number_hmac) [keep, drop] = [ub, ua]
    else if (!!ua.id_number_hmac === !!ub.id_number_hmac && ub.created_at <= ua.created_at) [keep, drop] = [ub, ua]
    await repo.moveOwnership(drop.id, keep.id, accountHooks.flatMap((h) => h.ownedTables ?? []), tx)
    for (const hooks of accountHooks) await hooks.merge?.(tx, drop.id, keep.id)
    await repo.deleteUserRow(drop.id, tx)
    if (!keep.id_number_hmac && drop.id_number_hmac && drop.realname_name_enc && drop.id_number_enc) {
      await repo.setRealName(keep.id, { nameEnc: drop.realname_name_enc, idEnc: drop.id_number_enc, idHmac: drop.id_number_hmac }, drop.realname_at ?? now, tx)
    }
    await audit(tx, { actorKind: 'resident', actorId: keep.id, action: 'resident.merge', target: `user:${keep.id}`, detail: { merged: drop.id }, at: now })
    return keep.id
  }

  return {
    toMe,
    mustUser,
    useCode,

    async me(userId: string): Promise<Me> {
      return toMe(await mustUser(userId))
    },

    async signInWechat(code: string): Promise<SessionResponse> {
      if (!config.wechat) throw new AppError(503, 'LOGIN_METHOD_UNAVAILABLE', '微信登录暂未开通，请使用手机号登录')
      const who = await wechatCodeToSession(config.wechat, code)
      const now = clock()
      const subjects = who.unionid ? [who.unionid, who.openid] : [who.openid]
      const sealed = crypto.seal('identities.subject', JSON.stringify(who))
      return session(await findOrCreate('wechat', subjects, sealed, now), 'wechat', now)
    },

    async signInAlipay(authCode: string): Promise<SessionResponse> {
      if (!config.alipay) throw new AppError(503, 'LOGIN_METHOD_UNAVAILABLE', '支付宝登录暂未开通，请使用手机号登录')
      const who = await alipayAuthCodeToUser(config.alipay, authCode, clock())
      const now = clock()
      const sealed = crypto.seal('identities.subject', JSON.stringify(who))
      return session(await findOrCreate('alipay', [who.userId], sealed, now), 'alipay', now)
    },

    async sendCode(phone: string, ip: string): Promise<SmsSendResponse> {
      const demoLog = !config.sms && config.demo
      if (!config.sms && !demoLog) throw new AppError(503, 'LOGIN_METHOD_UNAVAILABLE', '短信登录暂未开通')
      const now = clock()
      const phoneHmac = crypto.lookup('phone', phone)
      const ipHmac = crypto.lookup('ip', ip)
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
      const id = await db.transaction(async (tx) => {
        await repo.lockPhone(phoneHmac, tx)
        const last = await repo.lastSent(phoneHmac, tx)
        const wait = last ? Math.ceil((last.getTime() + config.rateLimit.smsCooldownSeconds * 1000 - now.getTime()) / 1000) : 0
        if (wait > 0) {
          throw new AppError(429, 'SMS_COOLDOWN', `验证码已发送，请 ${wait} 秒后再重新获取`, { headers: { 'retry-after': String(wait) } })
        }
        if ((await repo.countSentSince('phone_hmac', phoneHmac, startOfChinaDay(now), tx)) >= SMS_DAILY_MAX) {
          throw new AppError(429, 'SMS_DAILY_LIMIT', `该手机号今天获取验证码已达 ${SMS_DAILY_MAX} 次，请明天再试`)
        }
        if ((await repo.countSentSince('ip_hmac', ipHmac, new Date(now.getTime() - 3_600_000), tx)) >= config.rateLimit.smsPerIpPerHour) {
          throw new AppError(429, 'SMS_DAILY_LIMIT', '当前网络获取验证码的次数过多，请 1 小时后再试')
        }
        return repo.insertCode(
          { phoneHmac, codeHmac: crypto.lookup('sms_code', `${phoneHmac}:${code}`), ipHmac, now, expiresAt: new Date(now.getTime() + SMS_CODE_TTL_SECONDS * 1000) },
          tx,
        )
      })
      if (config.sms) {
        try {
          await sendSms(config.sms, { phone, template: 'LOGIN_CODE', params: { code, minutes: String(SMS_CODE_TTL_SECONDS / 60) } })
        } catch (err) {
          // Not sent: do not let the cooldown or the daily count hold it against the resident.
          await repo.deleteCode(id)
          throw err
        }
      } else {
        // Demo mode without a gateway, and only then: the code goes to the server log.
        deps.log.warn(`【演示模式】发往 ${maskPhone(phone)} 的短信验证码：${code}（${SMS_CODE_TTL_SECONDS / 60} 分钟内有效；未配置 SMS_GATEWAY_URL）`)
      }
      return { cooldownSeconds: config.rateLimit.smsCooldownSeconds, expiresInSeconds: SMS_CODE_TTL_SECONDS }
    },

    /**
     * Checks the code and signs in. With `currentUserId` (a signed-in WeChat/Alipay resident) the phone is linked to
     * that account; when the phone already belongs to another account, the two are merged (see merge()).
     */
    async verifyCode(phone: string, code: string, currentUserId: string | null): Promise<SessionResponse> {
      const now = clock()
      const phoneHmac = crypto.lookup('phone', phone)
      const outcome = await db.transaction(async (tx) => {
        await repo.lockPhone(phoneHmac, tx)
        const refused = await useCode(phoneHmac, code, now, tx)
        if (refused) return { error: refused }

        const hmac = subjectHmac('sms', phone)
        const owner = await repo.identityOwner('sms', [hmac], tx)
        const current = currentUserId ? await repo.user(currentUserId, tx) : null
        let userId: string
        if (!current) {
          if (owner) {
            await repo.touchIdentity('sms', owner, now, tx)
            userId = owner
          } else {
            userId = await repo.createUser(now, sealedPhone(phone), tx)
            await repo.addIdentity('sms', hmac, crypto.seal('identities.subject', phone), userId, now, tx)
          }
        } else if (owner === current.id) {
          await repo.touchIdentity('sms', owner, now, tx)
          userId = owner
        } else if (owner) {
          userId = await merge(current.id, owner, now, tx)
        } else {
          // A new phone for this account: it replaces any earlier one.
          await repo.deleteSmsIdentities(current.id, tx)
          await repo.setPhone(current.id, sealedPhone(phone), tx)
          await repo.addIdentity('sms', hmac, crypto.seal('identities.subject', phone), current.id, now, tx)
          userId = current.id
        }
        return { userId }
      })
      if ('error' in outcome) throw outcome.error
      return session(outcome.userId, 'sms', now)
    },

    async declareRealName(userId: string, name: string, idNumber: string): Promise<Me> {
      const now = clock()
      const cleanName = name.trim().replace(/\s+/g, ' ')
      if (!NAME.test(cleanName)) {
        throw new AppError(400, 'REALNAME_INVALID', '姓名应为 2–30 个汉字或字母，少数民族姓名可使用间隔号“·”')
      }
      const id = normalizeIdNumber(idNumber)
      const check = checkIdNumber(id, now)
      if (!check.ok) throw new AppError(400, 'REALNAME_INVALID', `身份证号码有误：${check.message}`)
      const idHmac = crypto.lookup('id_number', id)
      const taken = () => new AppError(409, 'REALNAME_ID_TAKEN', '该身份证号码已被另一个账号实名认证。如非本人操作，请联系客服')
      try {
        return await db.transaction(async (tx) => {
          const owner = await repo.idNumberOwner(idHmac, tx)
          if (owner && owner !== userId) throw taken()
          await mustUser(userId, tx)
          await repo.setRealName(userId, { nameEnc: crypto.seal('users.name', cleanName), idEnc: crypto.seal('users.id_number', id), idHmac }, now, tx)
          await audit(tx, { actorKind: 'resident', actorId: userId, action: 'resident.realname', target: `user:${userId}`, at: now })
          return toMe(await mustUser(userId, tx), tx)
        })
      } catch (err) {
        if ((err as { code?: string }).code === '23505') throw taken()
        throw err
      }
    },

    async sessions(userId: string, currentSessionId: string): Promise<SessionInfo[]> {
      const rows = await repo.sessions(userId, clock())
      return rows.map((s) => ({
        id: s.id,
        provider: s.provider ?? 'sms',
        createdAt: s.created_at.toISOString(),
        lastSeenAt: s.last_seen_at.toISOString(),
        expiresAt: s.expires_at.toISOString(),
        current: s.id === currentSessionId,
      }))
    },

    /** PIPL erasure: personal data and every way in are gone; the empty row stays for statistics. */
    async erase(userId: string): Promise<void> {
      const now = clock()
      await db.transaction(async (tx) => {
        const user = await mustUser(userId, tx)
        if (user.phone_hmac) await repo.deleteCodesFor(user.phone_hmac, tx)
        for (const hooks of accountHooks) await hooks.erase?.(tx, userId, now)
        await repo.erase(userId, now, tx)
        await audit(tx, { actorKind: 'resident', actorId: userId, action: 'resident.erase', target: `user:${userId}`, at: now })
      })
    },
  }
}

export type IdentityService = ReturnType<typeof createIdentityService>
