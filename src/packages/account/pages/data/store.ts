// 导出我的数据's store, one per RootStore, created by this page on first use (it stays out of the main package): the
// masked summary, then the SMS code to the account's own phone and the full file only once the code checks out.
import { makeAutoObservable, runInAction } from 'mobx'
import type { MeExportSummary } from '@contract/me-export'
import type { ApiClient } from '@/api/client'
import { type ApiError, toApiError } from '@/api/errors'
import * as endpoints from '@/api/identity'
import type { LoadStatus } from '@/stores/loadable'
import type { RootStore } from '@/stores/root'

export class MyDataStore {
  summary: MeExportSummary | undefined = undefined
  status: LoadStatus = 'idle'
  error: ApiError | undefined = undefined

  /** Where the code went (masked), once one was sent. */
  codeSentTo = ''
  /** When another code may be asked for (ms since epoch). */
  resendAt = 0
  sending = false
  verifying = false
  /** Why sending or checking the code failed, in the server's words. */
  codeError = ''
  /** The full export as JSON text, once verified; forgotten when the page closes. */
  fullText = ''

  constructor(
    private readonly api: ApiClient,
    private readonly now: () => number = Date.now,
  ) {
    makeAutoObservable<MyDataStore, 'api' | 'now'>(this, { api: false, now: false })
  }

  async load(): Promise<void> {
    if (this.status === 'loading') return
    this.status = 'loading'
    this.error = undefined
    try {
      const summary = await endpoints.exportSummary(this.api)
      runInAction(() => {
        this.summary = summary
        this.status = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.error = toApiError(err)
        this.status = 'failed'
      })
    }
  }

  async sendCode(): Promise<void> {
    if (this.sending || this.now() < this.resendAt) return
    this.sending = true
    this.codeError = ''
    try {
      const sent = await endpoints.sendExportCode(this.api)
      runInAction(() => {
        this.codeSentTo = sent.phone
        this.resendAt = this.now() + sent.cooldownSeconds * 1000
      })
    } catch (err) {
      runInAction(() => {
        this.codeError = toApiError(err).message
      })
    } finally {
      runInAction(() => {
        this.sending = false
      })
    }
  }

  /** Checks the code with the server; the full file comes back only when it is right. */
  async verify(code: string): Promise<boolean> {
    if (this.verifying) return false
    if (!/^\d{6}$/.test(code)) {
      this.codeError = '请输入短信中的 6 位数字验证码'
      return false
    }
    this.verifying = true
    this.codeError = ''
    try {
      const data = await endpoints.exportFull(this.api, code)
      runInAction(() => {
        this.fullText = JSON.stringify(data, null, 2)
      })
      return true
    } catch (err) {
      runInAction(() => {
        this.codeError = toApiError(err).message
      })
      return false
    } finally {
      runInAction(() => {
        this.verifying = false
      })
    }
  }

  /** Forgets the unmasked file and the code step (the page closed, or the resident hid it). */
  forgetFull(): void {
    this.fullText = ''
    this.codeSentTo = ''
    this.codeError = ''
  }
}

const stores = new WeakMap<RootStore, MyDataStore>()

export function myDataOf(root: RootStore): MyDataStore {
  let store = stores.get(root)
  if (!store) {
    store = new MyDataStore(root.api)
    stores.set(root, store)
  }
  return store
}
