// SimilarRequestsStore: 已有类似诉求 while the resident types (and, apart, 附近或相关的诉求 below the cut) — asked once
// typing pauses, answers for older text dropped, and every item seen kept by id so the public view opens one without
// another call.
import { makeAutoObservable, runInAction } from 'mobx'
import type { SimilarItem } from '@contract/similar'
import type { ApiClient } from '@/api/client'
import * as endpoints from '@/api/requests'
import { CONTENT_MAX, CONTENT_MIN, contentLength } from '@domain/workorder'
import type { RequestDraft } from './request-draft-model'
import { perRoot } from './per-root'

export class SimilarRequestsStore {
  similar: SimilarItem[] = []
  /** Below the cut: nearby or sharing words, perhaps another problem. */
  related: SimilarItem[] = []
  /** Similar items seen, by id: the public view opens one without another call. */
  similarById = new Map<string, SimilarItem>()

  private timer: ReturnType<typeof setTimeout> | undefined = undefined
  private seq = 0

  constructor(
    private readonly api: ApiClient,
    /** Quiet time after the last keystroke before 已有类似诉求 is asked. */
    private readonly debounceMs = 600,
  ) {
    makeAutoObservable<SimilarRequestsStore, 'api' | 'debounceMs' | 'timer' | 'seq'>(this, { api: false, debounceMs: false, timer: false, seq: false })
  }

  /** Hides the panel and drops any answer still on its way. */
  clear(): void {
    this.clearTimer()
    this.seq++
    this.empty()
  }

  /** Asks again once typing pauses (the text, type or place changed); too little text hides the panel. */
  schedule(draft: () => RequestDraft): void {
    this.clearTimer()
    if (contentLength(draft().content) < CONTENT_MIN) {
      this.seq++
      this.empty()
      return
    }
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.load(draft())
    }, this.debounceMs)
  }

  /** Asks for similar requests now; any failure (the endpoint missing, offline, signed out) hides the panel quietly. */
  async load(d: RequestDraft): Promise<void> {
    const seq = ++this.seq
    if (contentLength(d.content) < CONTENT_MIN) {
      this.empty()
      return
    }
    try {
      const res = await endpoints.similarRequests(this.api, {
        content: Array.from(d.content.trim()).slice(0, CONTENT_MAX).join(''),
        ...(d.type ? { type: d.type } : {}),
        ...(d.location?.district ? { district: d.location.district } : {}),
        ...(d.location?.lat !== undefined && d.location?.lng !== undefined && d.location.source !== 'typed'
          ? { lat: d.location.lat, lng: d.location.lng }
          : {}),
      })
      if (seq !== this.seq) return
      runInAction(() => {
        this.similar = res.items
        this.related = res.related
        for (const item of [...res.items, ...res.related]) this.similarById.set(item.id, item)
      })
    } catch {
      if (seq !== this.seq) return
      runInAction(() => {
        this.empty()
      })
    }
  }

  private empty(): void {
    this.similar = []
    this.related = []
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }
}

/** 已有类似诉求 (request subpackage). */
export const similarOf = perRoot((root) => new SimilarRequestsStore(root.api, root.deps.requests?.similarDebounceMs))
