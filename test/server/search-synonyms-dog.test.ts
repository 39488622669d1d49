// Colloquial words for dog registration (synonyms.json "expand" rows and the item's aliases): "办狗证", "养狗" and
// "狗证" find 犬只登记 first, through the public search API.
import type { ServiceSearchResult } from '@contract/service'
import { databases, useServedApp } from './helpers'

describe.each(databases())('dog-registration synonyms on $name', ({ open }) => {
  const served = useServedApp(open)

  it.each(['办狗证', '养狗', '狗证', '犬只登记'])('"%s" finds 犬只登记 at the top', async (q) => {
    const res = await served.app.request(`/api/services?pageSize=5&q=${encodeURIComponent(q)}`)
    expect(res.statusCode).toBe(200)
    const items = res.json<ServiceSearchResult>().items
    expect(items[0]?.code).toBe('gz-police-dog-register')
    expect(items[0]?.name).toBe('犬只登记')
  })
})
