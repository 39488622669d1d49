// MeStore: the signed-in resident — sign-in by each platform's method, profile, real name, export, erasure, sign-out.
import { makeAutoObservable, runInAction } from 'mobx'
import type { SessionResponse, SmsSendResponse } from '@contract/auth'
import type { Me, RealNameBody } from '@contract/me'
import type { ApiClient } from '@/api/client'
import { type ApiError, toApiError } from '@/api/errors'
import * as endpoints from '@/api/identity'
import type { LoadStatus } from './loadable'
import type { SessionStore } from './session'

export class MeStore {
  /** The profile as the server shows it (every personal field masked). */
  profile: Me | undefined = undefined
  status: LoadStatus = 'idle'
  error: ApiError | undefined = undefined

  constructor(
    private readonly api: ApiClient,
    private readonly session: SessionStore,
  ) {
    makeAutoObservable<MeStore, 'api' | 'session'>(this, { api: false, session: false })
  }

  get signedIn(): boolean {
    return this.session.signedIn
  }

  /** The profile, only while a session is held (a 401 elsewhere clears both). */
  get me(): Me | undefined {
    return this.session.signedIn ? this.profile : undefined
  }

  get realNamed(): boolean {
    return this.me?.level === 2
  }

  /** Loads the profile when signed in; `force` reloads. Concurrent calls share one request. */
  async load(force = false): Promise<void> {
    if (!this.session.signedIn) {
      this.reset()
      return
    }
    if (this.status === 'loading' || (this.status === 'ready' && this.profile && !force)) return
    this.status = 'loading'
    this.error = undefined
    try {
      const me = await endpoints.me(this.api)
      runInAction(() => {
        this.profile = me
        this.status = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.error = toApiError(err)
        this.status = 'failed'
      })
    }
  }

  // --- signing in (each throws an ApiError the page shows as is) ----------------------------------

  async signInWechat(code: string): Promise<Me> {
    return this.accept(await endpoints.loginWechat(this.api, code))
  }

  async signInAlipay(authCode: string): Promise<Me> {
    return this.accept(await endpoints.loginAlipay(this.api, authCode))
  }

  sendSmsCode(phone: string): Promise<SmsSendResponse> {
    return endpoints.sendSmsCode(this.api, phone)
  }

  /** Signs in by SMS, or, when already signed in, links the phone to the same resident. */
  async signInSms(phone: string, code: string): Promise<Me> {
    return this.accept(await endpoints.verifySmsCode(this.api, phone, code))
  }

  private accept(res: SessionResponse): Me {
    this.session.setToken(res.token)
    this.profile = res.user
    this.status = 'ready'
    this.error = undefined
    return res.user
  }

  // --- the resident's own data ----------------------------------------------------------------------

  /** Declares the real name; the server checks it and answers the masked profile (level 2). */
  async submitRealName(body: RealNameBody): Promise<Me> {
    const me = await endpoints.submitRealName(this.api, body)
    runInAction(() => {
      this.profile = me
      this.status = 'ready'
    })
    return me
  }

  /** Erases the account on the server, then forgets the session here. Throws (and keeps the session) on failure. */
  async deleteAccount(): Promise<void> {
    await endpoints.deleteMe(this.api)
    this.reset()
    this.session.clear()
  }

  /** Signs out: the session is forgotten here even when the server cannot be told. */
  async logout(): Promise<void> {
    if (this.session.signedIn) {
      try {
        await endpoints.logout(this.api)
      } catch {
        // Offline or already expired: the token is dropped locally anyway and expires on the server.
      }
    }
    this.signedOut()
  }

  /** The session ended (sign-out, 401, erasure): forget everything about the resident. */
  signedOut(): void {
    this.session.clear()
    this.reset()
  }

  private reset(): void {
    this.profile = undefined
    this.status = 'idle'
    this.error = undefined
  }
}
