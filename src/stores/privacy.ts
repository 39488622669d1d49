// PrivacyStore: a pending WeChat privacy authorisation request, answered by the app's own privacy popup.
import { makeAutoObservable } from 'mobx'

export type PrivacyAnswer = { event: 'agree'; buttonId: string } | { event: 'disagree' }

export class PrivacyStore {
  /** Whether the popup is up; the platform is waiting for the resident's answer. */
  pending = false
  /** What the platform wants to use, when it says (e.g. 剪贴板). */
  referrer: string | undefined = undefined
  private resolve: ((answer: PrivacyAnswer) => void) | undefined = undefined

  constructor() {
    makeAutoObservable<PrivacyStore, 'resolve'>(this, { resolve: false })
  }

  /** Called by the platform adapter when an API that touches personal data needs consent first. */
  ask(resolve: (answer: PrivacyAnswer) => void, referrer?: string): void {
    // A second request while one is open replaces it: the platform only waits for the latest.
    this.resolve = resolve
    this.referrer = referrer
    this.pending = true
  }

  agree(buttonId: string): void {
    this.answer({ event: 'agree', buttonId })
  }

  disagree(): void {
    this.answer({ event: 'disagree' })
  }

  private answer(answer: PrivacyAnswer): void {
    const resolve = this.resolve
    this.resolve = undefined
    this.pending = false
    this.referrer = undefined
    resolve?.(answer)
  }
}
