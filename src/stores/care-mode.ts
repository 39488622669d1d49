// CareModeStore: 长辈版 (MIIT 适老化) — larger type, bigger tap targets, no pop-ups. One switch for the whole app,
// kept on the device; it also turns on by itself when the resident has enlarged the system font (WeChat's
// fontSizeSetting, Alipay's font setting) and, on H5, when the link carries `care=1` (a family member sends it).
import { makeAutoObservable } from 'mobx'

export interface CareStorage {
  get(key: string): string | undefined
  set(key: string, value: string): void
}

/** What the platform reports about the system font (Taro.getSystemInfoSync()). */
export interface FontInfo {
  fontSizeSetting?: number
  platform?: string
}

export const CARE_STORAGE_KEY = 'os.careMode'

/**
 * The system font size a resident gets without changing anything: WeChat reports 17 on iOS and 16 elsewhere; Alipay
 * reports 16 for 标准. Anything above it means the resident enlarged the text.
 */
export function defaultFontSize(platform: string | undefined): number {
  return platform?.toLowerCase() === 'ios' ? 17 : 16
}

export function fontEnlarged(info: FontInfo | undefined): boolean {
  const size = info?.fontSizeSetting
  return typeof size === 'number' && Number.isFinite(size) && size > defaultFontSize(info?.platform)
}

/** `care=1` / `care=0` in a URL's query or in the query part of its hash (the H5 router is hash-based). */
export function careFromUrl(href: string | undefined): boolean | undefined {
  if (!href) return undefined
  const m = /[?&]care=([01])(?:[&#]|$)/.exec(href)
  return m ? m[1] === '1' : undefined
}

export class CareModeStore {
  on = false
  /** Why it is on or off: the resident's own choice wins over the system font. */
  source: 'default' | 'choice' | 'system' | 'link' = 'default'

  constructor(private readonly storage?: CareStorage) {
    makeAutoObservable<CareModeStore, 'storage'>(this, { storage: false })
    const saved = storage?.get(CARE_STORAGE_KEY)
    if (saved === '1' || saved === '0') {
      this.on = saved === '1'
      this.source = 'choice'
    }
  }

  /** At start: follow an enlarged system font unless the resident chose for themselves; a link's `care=` wins. */
  init(font: FontInfo | undefined, href?: string): void {
    const fromLink = careFromUrl(href)
    if (fromLink !== undefined) {
      this.on = fromLink
      this.source = 'link'
      this.storage?.set(CARE_STORAGE_KEY, fromLink ? '1' : '0')
      return
    }
    if (this.source === 'choice') return
    if (fontEnlarged(font)) {
      this.on = true
      this.source = 'system'
    }
  }

  set(on: boolean): void {
    this.on = on
    this.source = 'choice'
    this.storage?.set(CARE_STORAGE_KEY, on ? '1' : '0')
  }

  toggle(): void {
    this.set(!this.on)
  }

  /** The class a page's root carries. */
  get className(): string {
    return this.on ? 'care' : ''
  }
}
