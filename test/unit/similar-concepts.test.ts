// The civic concept table (server/modules/similar/data/civic-concepts.txt), one test per row: every word of the row,
// alone and inside a sentence, becomes the row's concept, so two callers using different words for one thing meet.
import { conceptTable } from '../../server/modules/similar/segment'
import { terms } from '../../server/modules/similar/text'

const rows = [...conceptTable().entries()]

describe('civic concept table', () => {
  it('has the rows the issue names and no empty row', () => {
    expect(rows.length).toBeGreaterThanOrEqual(50)
    for (const [, words] of rows) expect(words.length).toBeGreaterThanOrEqual(2)
    const of = (w: string) => rows.filter(([, words]) => words.includes(w)).map(([c]) => c)
    expect(of('乱停车')).toEqual(of('违停'))
    expect(of('占用车位')).toContain('违停')
    expect(of('渗水')).toContain('漏水')
    expect(of('扰民')).toContain('噪音')
    expect(of('摆摊')).toContain('占道经营')
  })

  it.each(rows)('%s: every word maps to the concept', (concept, words) => {
    for (const word of words) {
      expect({ word, alone: terms(word).has(`c:${concept}`) }).toEqual({ word, alone: true })
      expect({ word, inSentence: terms(`我想反映一下，${word}，麻烦处理`).has(`c:${concept}`) }).toEqual({ word, inSentence: true })
    }
  })
})
