// RatingsStore: 好差评 for residents — the rating of one hall visit (load, rate with the indicators, the 整改 and the
// resident's verdict on it) and the public figures anyone may read.
import { makeAutoObservable, runInAction } from 'mobx'
import type { ApiClient } from '@/api/client'
import { toApiError } from '@/api/errors'
import * as endpoints from '@/api/ratings'
import type { AppointmentRating, HallIndicators, PublicRatings, Verdict } from '@contract/ratings'
import type { LoadStatus } from './loadable'
import { busyWrite } from './busy-write'
import { emptyRatingDraft, photoAddress, rateBody, sendPhoto, type PhotoSender, type RatingDraft } from './rating-form'
import { perRoot } from './per-root'

export type HallRatingDraft = RatingDraft<HallIndicators>

export const emptyDraft = (): HallRatingDraft => emptyRatingDraft<HallIndicators>()

export class RatingsStore {
  visit: AppointmentRating | null = null
  visitStatus: LoadStatus = 'idle'
  visitError: string | undefined = undefined
  draft: HallRatingDraft = emptyDraft()
  busy = false
  problem = ''
  figures: PublicRatings | null = null
  figuresStatus: LoadStatus = 'idle'
  figuresError: string | undefined = undefined

  constructor(
    private readonly api: ApiClient,
    private readonly photos: PhotoSender,
  ) {
    makeAutoObservable<RatingsStore, 'api' | 'photos'>(this, { api: false, photos: false })
  }

  async loadVisit(id: string): Promise<void> {
    if (this.visit?.appointmentId !== id) {
      this.visit = null
      this.draft = emptyDraft()
    }
    this.visitStatus = 'loading'
    this.problem = ''
    try {
      const v = await endpoints.appointmentRating(this.api, id)
      runInAction(() => {
        this.visit = v
        this.visitStatus = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.visitStatus = 'failed'
        this.visitError = toApiError(err).message
      })
    }
  }

  setLevel(level: number): void {
    this.draft.level = level
    // The overall indicator follows the level until the resident sets it apart.
    if (this.draft.indicators.overall === undefined) this.draft.indicators.overall = level
  }

  setIndicator(key: keyof HallIndicators, value: number): void {
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
    const d = this.draft
    if (!d.level) return '请选择总体满意程度'
    const i = d.indicators
    if (!i.overall || !i.speed || !i.service || !i.attitude) return '请为每一项指标打分'
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
      const v = await endpoints.rateAppointment(this.api, id, rateBody<HallIndicators>({ ...d, level }, photo))
      runInAction(() => {
        this.visit = v
        this.draft = emptyDraft()
      })
    })
  }

  async confirm(value: Verdict): Promise<boolean> {
    const rect = this.visit?.rectification
    if (!rect) return false
    return busyWrite(this, async () => {
      const r = await endpoints.verdict(this.api, rect.id, value)
      runInAction(() => {
        if (this.visit) this.visit = { ...this.visit, rectification: r }
      })
    })
  }

  async loadFigures(): Promise<void> {
    this.figuresStatus = 'loading'
    try {
      const f = await endpoints.publicRatings(this.api)
      runInAction(() => {
        this.figures = f
        this.figuresStatus = 'ready'
      })
    } catch (err) {
      runInAction(() => {
        this.figuresStatus = 'failed'
        this.figuresError = toApiError(err).message
      })
    }
  }
}

/** 好差评 for residents (rating subpackage). */
export const ratingsOf = perRoot((root) => new RatingsStore(root.api, { upload: root.deps.upload, baseUrl: root.deps.baseUrl, getToken: root.getToken }))
