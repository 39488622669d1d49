// Reading one seed data file: JSON checked against its TypeBox schema, with a Chinese message naming the file and the
// first wrong place.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Static, TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/**
 * The file's data when it is JSON that `schema` accepts; otherwise throws `fail(message)`. `label` names the kind of
 * file in the message (基础数据文件, 事项目录数据文件).
 */
export async function readDataFile<S extends TSchema>(file: string, schema: S, fail: (message: string) => Error, label = '基础数据文件'): Promise<Static<S>> {
  let data: unknown
  try {
    data = JSON.parse(await readFile(file, 'utf8'))
  } catch (err) {
    throw fail(`${label} ${path.basename(file)} 无法读取或不是有效的 JSON：${(err as Error).message}`)
  }
  const first = Value.Errors(schema, data).First()
  if (first) throw fail(`${label} ${path.basename(file)} 内容有误：位置 ${first.path || '/'} 的值不符合要求（${first.message}）`)
  return data as Static<S>
}
