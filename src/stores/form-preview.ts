// FormPreviewStore: an item's (or a 一件事's) application form to look at and try before applying — loaded once,
// answered on the device through the form renderer and checked with the server's own rules (nothing is sent).
import { makeAutoObservable, runInAction } from 'mobx'
import type { FieldError, ServiceForm } from '@contract/forms'
import type { ApiClient } from '@/api/client'
import { type ApiError, toApiError } from '@/api/errors'
import * as endpoints from '@/api/forms'
import { checkAnswers, clearError, initialAnswers, type Answers } from '@/components/form/state'
import type { LoadStatus } from './loadable'

export class FormPreviewStore {
  form: ServiceForm | undefined = undefined
  status: LoadStatus = 'idle'
  error: ApiError | undefined = undefined
  answers: Answers = {}
  errors: FieldError[] = []
  /** Set after a check: true when every answer passed. */
  checked: boolean | undefined = undefined

  constructor(private readonly api: ApiClient) {
    makeAutoObservable<FormPreviewStore, 'api'>(this, { api: false })
  }

  async load(target: { code?: string; bundle?: string }): Promise<void> {
    if (!target.code && !target.bundle) return
    this.status = 'loading'
    this.error = undefined
    try {
      const form = target.bundle ? await endpoints.bundleForm(this.api, target.bundle) : await endpoints.serviceForm(this.api, target.code as string)
      runInAction(() => {
        // Answers typed before a reload are kept.
        this.answers = initialAnswers(form, this.form?.version === form.version ? this.answers : {})
        this.form = form
        this.status = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.error = toApiError(err)
        this.status = 'failed'
      })
    }
  }

  /** A change from the renderer: keeps the answers as typed and clears the errors of what changed. */
  change(next: Answers): void {
    const changed = Object.keys({ ...this.answers, ...next }).filter((k) => this.answers[k] !== next[k])
    this.answers = next
    for (const key of changed) this.errors = clearError(this.errors, key)
    this.checked = undefined
  }

  /** Every problem at once, with the rules the server applies. */
  check(today?: Date): boolean {
    if (!this.form) return false
    this.errors = checkAnswers(this.form, this.answers, today)
    this.checked = this.errors.length === 0
    return this.checked
  }
}
