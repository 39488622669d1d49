// Command line (npm run backup -- <file>, npm run restore -- <file>): backup and restore on the server's configuration.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ConfigError, loadConfig } from '../config'
import { BackupError, backup, restore, sizeText } from './index'

const VERSION = (JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string }).version

const HELP = `一站办备份与恢复：

  npm run backup -- <备份文件> [--with-keys] [--pg-bin <目录>]
      备份数据库（PostgreSQL：pg_dump；内置 PGlite：数据目录，需先停止服务）和上传的照片到一个文件。
      --with-keys 把 DATA_DIR/keys（自动生成的数据密钥等）也放进备份；默认不放，密钥请另行保管。
  npm run restore -- <备份文件> [--force] [--pg-bin <目录>]
      用备份替换当前的数据库和照片（先停止服务）。数据密钥与备份时不同则拒绝，--force 强行恢复。

使用与服务相同的环境变量（DATABASE_URL、DATA_DIR、DATA_KEY…）。--pg-bin 指定 pg_dump/pg_restore/psql 所在目录，
默认用已安装的最新版本。详见 README 的“Backup and restore”一节。`

interface Args {
  file: string
  withKeys: boolean
  force: boolean
  pgBin?: string
}

function parse(command: string, argv: string[]): Args | string {
  const args: Args = { file: '', withKeys: false, force: false }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--with-keys' && command === 'backup') args.withKeys = true
    else if (a === '--force' && command === 'restore') args.force = true
    else if (a === '--pg-bin') {
      args.pgBin = argv[++i]
      if (!args.pgBin) return '--pg-bin 后面应跟目录'
    } else if (a.startsWith('--')) return `不认识的选项 ${a}`
    else if (args.file) return `多余的参数 ${a}`
    else args.file = a
  }
  if (!args.file) return '缺少备份文件名'
  // npm runs scripts in the project directory; a relative name means where the operator typed the command.
  args.file = path.resolve(process.env.INIT_CWD ?? process.cwd(), args.file)
  return args
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command !== 'backup' && command !== 'restore') {
    console.error(HELP)
    return 1
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(HELP)
    return 0
  }
  const args = parse(command, rest)
  if (typeof args === 'string') {
    console.error(`${args}\n\n${HELP}`)
    return 1
  }
  const config = loadConfig()
  const log = (line: string) => console.log(line)
  const started = Date.now()
  if (command === 'backup') {
    const m = await backup(config, args.file, { withKeys: args.withKeys, pgBin: args.pgBin, log, version: VERSION })
    const parts = ['数据库', ...(m.uploads ? ['上传的照片'] : []), ...(m.keys ? ['密钥'] : [])]
    console.log(`备份完成：${args.file}（${await sizeText(args.file)}，含${parts.join('、')}；迁移 ${m.migrationLevel}；用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）`)
    if (!m.keys && m.dataKeyCheck) {
      console.log(`备份不含数据密钥（指纹 ${m.dataKeyCheck}）：身份证号等加密字段只有用同一把密钥才能读取，请确保 DATA_KEY 或 ${path.join(config.keysDir, 'data.key')} 另有妥善保管的副本`)
    }
  } else {
    const m = await restore(config, args.file, { force: args.force, pgBin: args.pgBin, log })
    console.log(`恢复完成：数据回到 ${m.createdAt} 的状态（用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒）。现在可以启动服务`)
  }
  return 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof BackupError || err instanceof ConfigError) console.error(`失败：${err.message}`)
    else console.error('失败：', err)
    process.exit(1)
  },
)
