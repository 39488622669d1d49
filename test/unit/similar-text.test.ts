// Similar-request text rules: normalisation and variants, index terms, entity extraction (company, address, phone, plate) and masking.
import { chineseNumber, extractEntities, maskPersonal, normalize, publicSummary, terms } from '../../server/modules/similar/text'
import { categoryFactor, distanceMeters, placeFactor, typeGroup } from '../../server/modules/similar/score'

describe('normalize and terms', () => {
  it('folds full-width forms, variants and Chinese numerals before a unit', () => {
    expect(normalize('天河体育西路１２３号门前窨井盖缺失')).toBe('天河体育西路123号门前井盖丢失')
    expect(normalize('江南大道水浸街，冇人理')).toBe('江南大道积水,没有人理')
    expect(normalize('十二栋一百零五号，拖欠工资三个月')).toBe('12栋105号,拖欠工资3个月')
    expect(chineseNumber('一百零五')).toBe(105)
    expect(chineseNumber('十')).toBe(10)
  })

  it('makes words and concepts (jieba + the Guangzhou dictionaries), number+unit terms, and no term across punctuation', () => {
    const t = terms('井盖丢失。体育西路123号')
    expect([...t]).toEqual(expect.arrayContaining(['c:井盖', 'c:丢失', '体育西路', '#123号', 'n:123']))
    expect([...t].some((x) => x.includes('失体'))).toBe(false)
    expect(terms('！？。')).toEqual(new Set())
    // Two callers, one problem, no shared bigram that matters: they meet on concepts.
    const a = terms('楼上空调外机一直往我家阳台滴水')
    const b = terms('上一层的冷凝水天天滴到阳台')
    for (const c of ['c:楼上', 'c:空调外机', 'c:漏水', 'c:阳台']) expect([a.has(c), b.has(c)]).toEqual([true, true])
    // An unknown trade name the dictionary cuts into characters stays one term.
    expect(terms('鑫达贸易有限公司收了钱不办事').has('鑫达')).toBe(true)
  })
})

describe('extractEntities', () => {
  it('finds company names without the words before them, and skips generic shop words', () => {
    expect(extractEntities('我投诉楼下的好再来餐饮店油烟大').filter((e) => e.kind === 'company').map((e) => [e.key, e.text])).toEqual([['好再来', '好再来餐饮店']])
    expect(extractEntities('广州星辰科技有限责任公司拖欠工资')[0]).toMatchObject({ kind: 'company', key: '星辰', text: '星辰科技有限责任公司' })
    // Name variants of one business meet on its trade name; schools keep their whole name.
    for (const text of ['广州市白云区鑫达贸易有限公司收了钱不办事', '鑫达贸易的电话一直打不通', '我在鑫达公司交了定金'])
      expect(extractEntities(text).filter((e) => e.kind === 'company').map((e) => e.key)).toEqual(['鑫达'])
    expect(extractEntities('东风路小学门口乱停车').filter((e) => e.kind === 'company').map((e) => e.key)).toEqual(['东风路小学'])
    expect(extractEntities('小区物业不管事').filter((e) => e.kind === 'company')).toEqual([])
    expect(extractEntities('楼下一家烧烤店很吵').filter((e) => e.kind === 'company')).toEqual([])
    expect(extractEntities('宏达纸箱厂排放废气')[0]).toMatchObject({ kind: 'company', key: '宏达', text: '宏达纸箱厂' })
  })

  it('finds addresses, phones and plates', () => {
    const found = extractEntities('天河区体育西路１２３号门口，粤A·7K3M2 长期违停，电话 13812345678 或 020-87654321，丽江花园8栋')
    expect(found).toEqual(
      expect.arrayContaining([
        { kind: 'address', key: '体育西路123号', text: '体育西路123号' },
        { kind: 'plate', key: '粤A7K3M2', text: '粤A·7K3M2' },
        { kind: 'phone', key: '13812345678', text: '13812345678' },
        { kind: 'phone', key: '02087654321', text: '020-87654321' },
        { kind: 'address', key: '丽江花园', text: '丽江花园8栋' },
      ]),
    )
  })
})

describe('masking', () => {
  it('masks phones, ID numbers, plates, names after a label and room numbers', () => {
    const masked = maskPersonal('联系人：王小明，电话13812345678，身份证440106199001011234，车牌粤A·D1234，住3栋1502房')
    expect(masked).toBe('联系人：王*明，电话138****5678，身份证440***********1234，车牌粤A·***34，住3栋***房')
    expect(publicSummary('一'.repeat(100), 80)).toHaveLength(81)
  })
})

describe('scoring pieces', () => {
  it('groups types, measures distance and weighs place and category', () => {
    expect([typeGroup('help'), typeGroup('complaint'), typeGroup('report'), typeGroup('consult'), typeGroup('suggestion')]).toEqual([
      'incident',
      'incident',
      'incident',
      'consult',
      'suggestion',
    ])
    expect(Math.round(distanceMeters({ lat: 23.1365, lng: 113.321 }, { lat: 23.1815, lng: 113.321 }))).toBeGreaterThan(4900)
    expect(placeFactor(100)).toBeGreaterThan(placeFactor(1000))
    expect(placeFactor(null)).toBe(1)
    expect(categoryFactor('urban.facility', ['urban.facility'])).toBeGreaterThan(1)
    expect(categoryFactor('urban.facility', ['environment.air'])).toBeLessThan(1)
    expect(categoryFactor(null, ['environment.air'])).toBe(1)
  })
})
