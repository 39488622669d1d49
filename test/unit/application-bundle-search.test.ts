// Search finds 一件事 bundles by the words residents type (server/modules/services/data/bundle-words.json), checked
// against the real catalog's bundles: every listed code is a bundle, every bundle has words, and each word leads to it.
import fs from 'node:fs'
import path from 'node:path'
import { bundleWordCodes, bundlesForQuery } from '../../server/modules/services/bundle-search'

const seed = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../server/db/seed/catalog/bundles.json'), 'utf8')) as { bundles: { code: string; name: string }[] }
const BUNDLES = seed.bundles.map((b) => ({ code: b.code, name: b.name }))
const words = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../server/modules/services/data/bundle-words.json'), 'utf8')) as { bundles: Record<string, string[]> }
const codes = (q: string) => bundlesForQuery(q, BUNDLES).map((b) => b.code)

test('the word list names real bundles, and every bundle has words', () => {
  expect(bundleWordCodes().sort()).toEqual(BUNDLES.map((b) => b.code).sort())
})

test.each(Object.entries(words.bundles).flatMap(([code, list]) => list.map((w) => [w, code] as const)))('"%s" finds the bundle %s', (word, code) => {
  expect(codes(word)).toContain(code)
})

test('what residents type: 生孩子 → 出生一件事, a sentence around the words too; the bundle name itself', () => {
  expect(bundlesForQuery('生孩子', BUNDLES)).toEqual([{ code: 'birth', name: '出生一件事' }])
  expect(codes('我老婆刚生宝宝要办什么')).toEqual(['birth'])
  expect(codes('想开个奶茶店')).toEqual(['small-shop'])
  expect(codes('出生一件事')).toEqual(['birth'])
  expect(codes('  退休 ')).toEqual(['retirement'])
})

test('queries that name no life event list no bundle', () => {
  for (const q of ['身份证', '社会保障卡申领', '公积金提取', '', '   ', 'sbk']) expect(codes(q)).toEqual([])
})
