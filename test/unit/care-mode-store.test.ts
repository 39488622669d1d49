// CareModeStore: the resident's own choice, an enlarged system font, and an H5 care= link.
import { CARE_STORAGE_KEY, CareModeStore, careFromUrl, fontEnlarged } from '@/stores/care-mode'

function memory(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial))
  return { map, get: (k: string) => map.get(k), set: (k: string, v: string) => void map.set(k, v) }
}

test('an enlarged WeChat / Alipay font turns it on; the default size does not', () => {
  expect(fontEnlarged({ fontSizeSetting: 16, platform: 'android' })).toBe(false)
  expect(fontEnlarged({ fontSizeSetting: 17, platform: 'ios' })).toBe(false)
  expect(fontEnlarged({ fontSizeSetting: 17, platform: 'android' })).toBe(true)
  expect(fontEnlarged({ fontSizeSetting: 20, platform: 'ios' })).toBe(true)
  expect(fontEnlarged({})).toBe(false)
  const store = new CareModeStore(memory())
  store.init({ fontSizeSetting: 20, platform: 'android' })
  expect(store.on).toBe(true)
  expect(store.className).toBe('care')
})

test("the resident's own choice is kept and wins over the system font", () => {
  const storage = memory()
  const a = new CareModeStore(storage)
  a.set(false)
  expect(storage.map.get(CARE_STORAGE_KEY)).toBe('0')
  const b = new CareModeStore(storage)
  b.init({ fontSizeSetting: 22, platform: 'android' })
  expect(b.on).toBe(false)
  b.toggle()
  expect(new CareModeStore(storage).on).toBe(true)
})

test('care=1 in the query or in the hash query turns it on and keeps it; care=0 turns it off', () => {
  expect(careFromUrl('https://x/?care=1#/pages/home/index')).toBe(true)
  expect(careFromUrl('https://x/#/packages/guide/pages/detail/index?code=a&care=1')).toBe(true)
  expect(careFromUrl('https://x/#/pages/home/index?care=0')).toBe(false)
  expect(careFromUrl('https://x/#/pages/home/index?scare=1')).toBeUndefined()
  const storage = memory({ [CARE_STORAGE_KEY]: '0' })
  const store = new CareModeStore(storage)
  store.init(undefined, 'https://x/#/pages/home/index?care=1')
  expect(store.on).toBe(true)
  expect(new CareModeStore(storage).on).toBe(true)
})
