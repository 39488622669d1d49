// ApplicationRatingStore: 好差评 of the resident's 办件 (一事一评) — whether each may be rated, the rating and its 整改
// (shown on the 办件 detail page), the rating form with the online indicators, and the verdict on a 整改.
import { makeAutoObservable, runInAction } from 'mobx'
import type { ApiClient } from '@/api/client'
import { toApiError } from '@/api/errors'
import * as endpoints from '@/api/application-ratings'
import { verdict } from '@/api/ratings'
import type { ApplicationRating, OnlineIndicators, Verdict } from '@contract/ratings'
import { ONLINE_INDICATORS, type OnlineIndicator } from '@domain/ratings'
import type { LoadStatus } from './loadable'
import { busyWrite } from './busy-write'
import { emptyRatingDraft, photoAddress, rateBody, sendPhoto, type PhotoSender, type RatingDraft } from './rating-form'
import { perRoot } from './per-root'

export type OnlineRatingDraft = RatingDraft<OnlineIndicators>

const emptyDraft = (): OnlineRatingDraft => emptyRatingDraft<OnlineIndicators>()

export class ApplicationRatingStore {
  /** By application id. */
  views = new Map<string, ApplicationRating>()
  status = new Map<string, LoadStatus>()
  errors = new Map<string, string>()
  /** The form of `draftFor`. */
  draftFor = ''
  draft: OnlineRatingDraft = emptyDraft()
  busy = false
  problem = ''

  constructor(
    private readonly api: ApiClient,
    private readonly photos: PhotoSender,
  ) {
    makeAutoObservable<ApplicationRatingStore, 'api' | 'photos'>(this, { api: false, photos: false })
  }

  async load(id: string): Promise<void> {
    if (this.draftFor !== id) {
      this.draftFor = id
      this.draft = emptyDraft()
      this.problem = ''
    }
    this.status.set(id, 'loading')
    try {
      const v = await endpoints.applicationRating(this.api, id)
      runInAction(() => {
        this.views.set(id, v)
        this.status.set(id, 'ready')
        this.errors.delete(id)
      })
    } catch (err) {
      runInAction(() => {
        this.status.set(id, 'failed')
        this.errors.set(id, toApiError(err).message)
      })
    }
  }

  setLevel(level: number): void {
    this.draft.level = level
    // The overall indicator follows the level until the resident sets it apart.
    if (this.draft.indicators.overall === undefined) this.draft.indicators.overall = level
  }

  setIndicator(key: OnlineIndicator, value: number): void {
    this.draft.indicators[key] = value
  }

  setComment(text: string): void {
    this.draft.comment = text
  }

  setResolved(value: boolean): void {
    this.draft.resolved = value
  }

  /** The photo picked (one), or undefined to take it away. */
  setPhoto(path: string | undefined): void {
    this.draft.photo = path
  }

  /** A rating photo's address as the page shows it. */
  photoUrl(url: string): string {
    return photoAddress(this.photos, url)
  }

  /** What is still missing before the rating can be sent, in the resident's words; null when complete. */
  get missing(): string | null {
    if (!this.draft.level) return '请选择总体满意程度'
    if (ONLINE_INDICATORS.some((k) => !this.draft.indicators[k])) return '请为每一项指标打分'
    return null
  }

  async rate(id: string): Promise<boolean> {
    const d = this.draft
    if (this.missing || !d.level) {
      this.problem = this.missing ?? ''
      return false
    }
    const level = d.level
    return busyWrite(this, async () => {
      const photo = await sendPhoto(this.photos, d.photo)
      const v = await endpoints.rateApplication(this.api, id, rateBody<OnlineIndicators>({ ...d, level }, photo))
      runInAction(() => {
        this.views.set(id, v)
        this.draft = emptyDraft()
      })
    })
  }

  async confirm(id: string, value: Verdict): Promise<boolean> {
    const rect = this.views.get(id)?.rectification
    if (!rect) return false
    return busyWrite(this, async () => {
      const r = await verdict(this.api, rect.id, value)
      runInAction(() => {
        const v = this.views.get(id)
        if (v) this.views.set(id, { ...v, rectification: r })
      })
    })
  }
}

/** 好差评 of 办件 (the 办件 detail page and the rating subpackage). */
export const applicationRatingOf = perRoot((root) => new ApplicationRatingStore(root.api, { upload: root.deps.upload, baseUrl: root.deps.baseUrl, getToken: root.getToken }))
