// City-code rules: per-scene pseudonyms, rotating and pre-signed offline codes, printed elder codes with family
// delegation, and online verification (signature, window, replay once per scene, revocation, holder), each logged.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { CityKeyList, CodeBatch, CodeUse, CurrentCode, DelegationList, PrintedCode, SignedCode, VerifyResponse } from '@contract/citycode'
import {
  createVerifier,
  DEFAULT_SKEW_SECONDS,
  MAX_PRINTED_SECONDS,
  MAX_ROTATING_SECONDS,
  REASON_LABELS,
  REFRESH_SECONDS,
  signCode,
  type CityScene,
  type CodeClaims,
  type RefusalReason,
} from './codec'
import { CITY_SCENES } from '@domain/citycode-scenes'
import { maskName, maskPhone } from '@domain/mask'
import type { DataCrypto } from '../../crypto'
import type { Db } from '../../db'
import { AppError } from '../../errors'
import type { CityKeyStore } from './keys'
import type { CitycodeRepo, PersonRow, PrintedRow } from './repo'

/** Pre-signed codes per scene for offline use: 30 s apart, so 30 of them cover 15 minutes. */
export const OFFLINE_CODES = 30
/** Refused codes with no trustworthy holder are logged under this kind. */
const NOT_FOUND = () => new AppError(404, 'NOT_FOUND', '找不到该打印码')

export interface CitycodeDeps {
  db: Db
  repo: CitycodeRepo
  keys: CityKeyStore
  crypto: DataCrypto
  /** Raw secret for the per-scene pseudonyms (derived from DATA_KEY). */
  dataKey: Buffer
  clock: () => Date
  log: FastifyBaseLogger
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000)
const iso = (s: number) => new Date(s * 1000).toISOString()

export function createCitycodeService({ repo, keys, crypto, dataKey, clock }: CitycodeDeps) {
  const subjectKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.from('onestop citycode v1'), 'per-scene subject pseudonyms', 32))
  /** "user:scene" pairs already written to citycode_subjects by this node. */
  const known = new Set<string>()
  let verifier = createVerifier(keys.published())
  let verifierGeneration = keys.generation

  function currentVerifier() {
    if (keys.generation !== verifierGeneration) {
      verifier = createVerifier(keys.published())
      verifierGeneration = keys.generation
    }
    return verifier
  }

  /** HMAC(user id, scene) under the server secret, 12 bytes: stable per scene, unlinkable across scenes. */
  function subjectOf(userId: string, scene: CityScene): string {
    return createHmac('sha256', subjectKey).update(`${scene}\0${userId}`).digest().subarray(0, 12).toString('base64url')
  }

  async function subjectFor(userId: string, scene: CityScene, now: Date): Promise<string> {
    const sub = subjectOf(userId, scene)
    const k = `${userId}:${scene}`
    if (!known.has(k)) {
      await repo.rememberSubject(scene, sub, userId, now)
      if (known.size > 100_000) known.clear()
      known.add(k)
    }
    return sub
  }

  function sign(kind: CodeClaims['kind'], scene: CityScene, sub: string, iat: number, exp: number, jti = randomBytes(8).toString('hex')): string {
    const key = keys.active()
    return signCode({ kind, scene, kid: key.kid, sub, iat, exp, jti }, key.privateKey)
  }

  function personName(p: PersonRow | null): string {
    if (!p) return '居民'
    try {
      if (p.realname_name_enc) return maskName(crypto.open('users.name', p.realname_name_enc))
      if (p.phone_enc) return maskPhone(crypto.open('users.phone', p.phone_enc))
    } catch {
      // a value that cannot be opened is shown as the generic word
    }
    return '居民'
  }

  async function printedView(row: PrintedRow, viewer: string, now: Date): Promise<PrintedCode> {
    const holder = row.user_id === viewer ? '本人' : personName(await repo.person(row.user_id))
    return {
      id: row.id,
      scene: row.scene as CityScene,
      holder,
      holderId: row.user_id,
      code: row.code,
      issuedAt: row.issued_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      revokedAt: row.revoked_at ? row.revoked_at.toISOString() : null,
      issuedBy: row.issued_by === row.user_id ? 'self' : 'family',
      status: row.revoked_at ? 'revoked' : row.expires_at.getTime() <= now.getTime() ? 'expired' : 'active',
    }
  }

  /** The printed code if `viewer` holds it or acts for its holder; 404 otherwise (ids cannot be probed). */
  async function visiblePrinted(viewer: string, id: string): Promise<PrintedRow> {
    const row = /^[0-9a-f]{16}$/.test(id) ? await repo.printed(id) : null
    if (!row) throw NOT_FOUND()
    if (row.user_id !== viewer && !(await repo.actsFor(viewer, row.user_id))) throw NOT_FOUND()
    return row
  }

  function refusal(reason: RefusalReason, now: Date): VerifyResponse {
    return { ok: false, reason, message: REASON_LABELS[reason], checkedAt: now.toISOString() }
  }

  return {
    subjectOf,

    keyList(): CityKeyList {
      return {
        keys: keys.all().map((k, i) => ({
          kid: k.kid,
          alg: 'Ed25519' as const,
          publicKey: k.publicKey,
          status: i === 0 && !k.retiredAt ? ('active' as const) : ('retired' as const),
          retiredAt: k.retiredAt ? k.retiredAt.toISOString() : null,
        })),
        skewSeconds: DEFAULT_SKEW_SECONDS,
        maxRotatingSeconds: MAX_ROTATING_SECONDS,
        maxPrintedDays: MAX_PRINTED_SECONDS / 86_400,
      }
    },

    async currentCode(userId: string, scene: CityScene): Promise<CurrentCode> {
      const now = clock()
      const iat = seconds(now)
      const sub = await subjectFor(userId, scene, now)
      return {
        code: sign('rotating', scene, sub, iat, iat + MAX_ROTATING_SECONDS),
        scene,
        validFrom: iso(iat),
        validUntil: iso(iat + MAX_ROTATING_SECONDS),
        refreshSeconds: REFRESH_SECONDS,
        serverTime: now.toISOString(),
      }
    },

    /** Code i is valid [t + 30i, t + 30i + 60): the app shows each during the first half of its window. */
    async batch(userId: string, scenes: readonly CityScene[]): Promise<CodeBatch> {
      const now = clock()
      const t = seconds(now)
      const codes: SignedCode[] = []
      for (const scene of scenes) {
        const sub = await subjectFor(userId, scene, now)
        for (let i = 0; i < OFFLINE_CODES; i++) {
          const iat = t + i * REFRESH_SECONDS
          codes.push({ code: sign('rotating', scene, sub, iat, iat + MAX_ROTATING_SECONDS), scene, validFrom: iso(iat), validUntil: iso(iat + MAX_ROTATING_SECONDS) })
        }
      }
      return { codes, offlineUntil: iso(t + OFFLINE_CODES * REFRESH_SECONDS), serverTime: now.toISOString() }
    },

    async issuePrinted(actorId: string, body: { scene: CityScene; days: number; forUserId?: string }): Promise<PrintedCode> {
      const now = clock()
      const holderId = body.forUserId ?? actorId
      if (holderId !== actorId && !(await repo.actsFor(actorId, holderId))) {
        throw new AppError(403, 'NOT_DELEGATED', '对方尚未授权您代为办理，请先请对方在“授权家人代办”中添加您的手机号')
      }
      const holder = await repo.holder(holderId)
      if (!holder || holder.deleted_at) throw new AppError(404, 'NOT_FOUND', '找不到该居民')
      if (holder.level < 2) throw new AppError(403, 'REALNAME_REQUIRED', '持码人需先完成实名认证')
      const iat = seconds(now)
      const exp = iat + body.days * 86_400
      const jti = randomBytes(8).toString('hex')
      const sub = await subjectFor(holderId, body.scene, now)
      const row: PrintedRow = {
        id: jti,
        user_id: holderId,
        issued_by: actorId,
        scene: body.scene,
        code: sign('printed', body.scene, sub, iat, exp, jti),
        issued_at: new Date(iat * 1000),
        expires_at: new Date(exp * 1000),
        revoked_at: null,
      }
      await repo.insertPrinted(row)
      return printedView(row, actorId, now)
    },

    async listPrinted(viewer: string): Promise<PrintedCode[]> {
      const now = clock()
      const rows = await repo.printedVisibleTo(viewer)
      return Promise.all(rows.map((r) => printedView(r, viewer, now)))
    },

    async getPrinted(viewer: string, id: string): Promise<PrintedCode> {
      return printedView(await visiblePrinted(viewer, id), viewer, clock())
    },

    async revokePrinted(viewer: string, id: string): Promise<PrintedCode> {
      const row = await visiblePrinted(viewer, id)
      const now = clock()
      await repo.revokePrinted(row.id, viewer, now)
      return printedView((await repo.printed(row.id)) as PrintedRow, viewer, now)
    },

    async delegations(userId: string): Promise<DelegationList> {
      const { agents, principals } = await repo.delegations(userId)
      const view = (p: PersonRow & { linked_at: Date }) => ({ userId: p.id, name: personName(p), createdAt: p.linked_at.toISOString() })
      return { agents: agents.map(view), principals: principals.map(view) }
    },

    /** The principal names an agent by phone number; that person may then manage the principal's printed codes. */
    async addAgent(principalId: string, phone: string): Promise<DelegationList> {
      const agent = await repo.userByPhoneHmac(crypto.lookup('phone', phone))
      if (!agent) throw new AppError(404, 'AGENT_NOT_FOUND', '该手机号尚未注册一站办，请家人先用手机号登录')
      if (agent.id === principalId) throw new AppError(400, 'SELF_DELEGATION', '不能授权给自己')
      await repo.addDelegation(principalId, agent.id, clock())
      return this.delegations(principalId)
    },

    async removeDelegation(userId: string, other: string): Promise<DelegationList> {
      if (!(await repo.removeDelegation(userId, other))) throw new AppError(404, 'NOT_FOUND', '找不到该授权')
      return this.delegations(userId)
    },

    async usage(userId: string): Promise<CodeUse[]> {
      const rows = await repo.uses(userId, 100)
      return rows.map((r) => ({
        id: r.id,
        scene: r.scene as CityScene,
        kind: r.kind,
        ok: r.ok,
        reason: (r.reason as RefusalReason | null) ?? null,
        verifier: r.verifier,
        at: r.at.toISOString(),
      }))
    },

    /**
     * Online verification. Offline checks first (signature, key, scene, window); then the holder (printed: the
     * card row, not revoked; rotating: the pseudonym's resident, not erased); then, for rotating codes, the
     * once-per-scene replay guard. Every outcome is logged (under the holder when the signature was good).
     */
    async verify(code: string, scene: CityScene, verifierName: string): Promise<VerifyResponse> {
      const now = clock()
      const offline = currentVerifier().verify(code, scene, now)
      const claims = offline.ok ? offline.claims : offline.reason === 'bad_signature' || offline.reason === 'malformed' || offline.reason === 'unknown_key' ? undefined : offline.claims
      let holderId: string | null = null
      let reason: RefusalReason | null = offline.ok ? null : offline.reason
      let level = 0
      if (claims) {
        // The holder is looked up in the code's own scene: a wrong-scene scan is logged for the right person.
        if (claims.kind === 'printed') {
          const row = await repo.printed(claims.jti)
          if (row && row.scene === claims.scene) {
            holderId = row.user_id
            if (!reason && row.revoked_at) reason = 'revoked'
          } else if (!reason) reason = 'unknown_subject'
        }
        // Rotating codes: one query finds the pseudonym's resident with their level.
        const holder = claims.kind === 'printed' ? (holderId ? await repo.holder(holderId) : null) : await repo.subjectHolder(claims.scene, claims.sub)
        if (holder && !holder.deleted_at) {
          holderId = holder.id
          level = holder.level
          if (!reason && holder.level < 2) reason = 'unknown_subject'
        } else {
          // An erased account keeps no log: the check is recorded without a holder.
          holderId = null
          if (!reason) reason = 'unknown_subject'
        }
      }
      const kind = claims?.kind ?? 'unknown'
      const jti = claims?.jti ?? null
      if (reason || !claims) {
        await repo.logUse({ userId: holderId, scene, kind, jti, ok: false, reason, verifier: verifierName, at: now })
        return refusal(reason ?? 'malformed', now)
      }
      if (claims.kind === 'rotating') {
        const expiresAt = new Date((claims.exp + DEFAULT_SKEW_SECONDS) * 1000)
        if (!(await repo.redeemAndLog({ userId: holderId as string, scene, jti: claims.jti, expiresAt, verifier: verifierName, at: now }))) {
          return refusal('replayed', now)
        }
      } else {
        await repo.logUse({ userId: holderId, scene, kind, jti, ok: true, reason: null, verifier: verifierName, at: now })
      }
      return {
        ok: true,
        scene,
        subject: claims.sub,
        level,
        kind: claims.kind,
        validUntil: iso(claims.exp),
        checkedAt: now.toISOString(),
      }
    },

    /** Drops replay-guard rows of codes that have expired (the window check refuses those anyway). */
    async prune(now: Date): Promise<number> {
      return repo.pruneRedemptions(new Date(now.getTime() - 60_000))
    },

    scenes: CITY_SCENES,
  }
}

export type CitycodeService = ReturnType<typeof createCitycodeService>
