// Command line for operators (npm run admin -- <command>): staff accounts on the same config, database and migrations as the server.
import { mkdir } from 'node:fs/promises'
import type { StaffRole } from '@contract/auth'
import { ConfigError, loadConfig } from './config'
import { createDataCrypto, loadDataKey } from './crypto'
import { openDatabase } from './db'
import { migrate } from './db/migrate'
import { seedReference } from './db/seed'
import { ApiKeyError, createApiKey, listApiKeys, revokeApiKey } from './auth/api-keys'
import { createStaffRepo } from './modules/staff/repo'
import { createStaffService, STAFF_ROLES, StaffAdminError } from './modules/staff/service'

const HELP = `一站办管理命令：npm run admin -- <命令> [参数]

  create-staff <用户名> <密码> <角色> [委办局代码|大厅编号] [显示名称]
      新建工作人员账号。角色：dispatcher（12345 派单）、dept_staff（委办局，需委办局代码，如 gz-police）、
      hall_staff（服务大厅，需大厅编号）、admin（管理员）。密码至少 8 位，含字母和数字。
  reset-password <用户名> <新密码>
      重设密码，该账号已登录的会话全部失效，并解除锁定。
  unlock <用户名>
      解除因连续 5 次密码错误造成的 15 分钟锁定。
  list-staff
      列出全部工作人员账号。
  create-api-key <名称> [--scope open311|citycode:<场景>]
      为合作系统新建接口密钥（默认权限 open311），密钥只显示这一次，请妥善转交。
  list-api-keys
      列出接口密钥（不显示密钥本身）。
  revoke-api-key <编号>
      停用一个接口密钥，立即生效。
  help
      显示本说明。

使用与服务相同的环境变量（DATABASE_URL、DATA_DIR、DATA_KEY…），并先执行尚未执行的数据库迁移。`

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP)
    return command ? 0 : 1
  }
  const known = ['create-staff', 'reset-password', 'unlock', 'list-staff', 'create-api-key', 'list-api-keys', 'revoke-api-key']
  if (!known.includes(command)) {
    console.error(`未知命令 ${command}。\n\n${HELP}`)
    return 1
  }
  const config = loadConfig()
  await mkdir(config.dataDir, { recursive: true })
  const db = await openDatabase(config)
  try {
    await migrate(db)
    await seedReference(db)
    const service = createStaffService({ db, repo: createStaffRepo(db), crypto: createDataCrypto(loadDataKey(config)), clock: () => new Date() })
    switch (command) {
      case 'create-staff': {
        const [username, password, role, scope, displayName] = args
        if (!username || !password || !role) throw new StaffAdminError('用法：create-staff <用户名> <密码> <角色> [委办局代码|大厅编号] [显示名称]')
        if (!STAFF_ROLES.includes(role as StaffRole)) throw new StaffAdminError(`角色应为 ${STAFF_ROLES.join('、')} 之一`)
        const row = await service.create({ username, password, role: role as StaffRole, scope, displayName })
        const where = row.department_code ? `，委办局 ${row.department_code}` : row.hall_id ? `，大厅 ${row.hall_id}` : ''
        console.log(`已创建工作人员 ${row.username}（${row.role}${where}）`)
        return 0
      }
      case 'reset-password': {
        const [username, password] = args
        if (!username || !password) throw new StaffAdminError('用法：reset-password <用户名> <新密码>')
        await service.resetPassword(username, password)
        console.log(`已重设 ${username} 的密码，原有登录已全部失效`)
        return 0
      }
      case 'unlock': {
        const [username] = args
        if (!username) throw new StaffAdminError('用法：unlock <用户名>')
        console.log((await service.unlock(username)) ? `已解除 ${username} 的登录锁定` : `${username} 当前没有被锁定`)
        return 0
      }
      case 'create-api-key': {
        const scopeAt = args.indexOf('--scope')
        const scope = scopeAt >= 0 ? args[scopeAt + 1] ?? '' : 'open311'
        const name = args.filter((_, i) => scopeAt < 0 || (i !== scopeAt && i !== scopeAt + 1)).join(' ')
        if (!name) throw new ApiKeyError('用法：create-api-key <名称> [--scope open311|citycode:<场景>]')
        const { id, key } = await createApiKey(db, name, scope)
        console.log(`已创建接口密钥（编号 ${id}，权限 ${scope}）。密钥只显示这一次：`)
        console.log(key)
        return 0
      }
      case 'list-api-keys': {
        const rows = await listApiKeys(db)
        if (rows.length === 0) console.log('还没有接口密钥。用 create-api-key 新建。')
        for (const r of rows) {
          const used = r.last_used_at ? `最近使用 ${r.last_used_at.toISOString()}` : '未使用'
          console.log([r.id, r.name, r.scope, used, r.revoked_at ? '已停用' : ''].filter(Boolean).join('\t'))
        }
        return 0
      }
      case 'revoke-api-key': {
        const [id] = args
        if (!id) throw new ApiKeyError('用法：revoke-api-key <编号>')
        if (!(await revokeApiKey(db, id))) throw new ApiKeyError(`没有编号为 ${id} 的有效接口密钥`)
        console.log(`已停用接口密钥 ${id}`)
        return 0
      }
      default: {
        const rows = await service.list()
        if (rows.length === 0) console.log('还没有工作人员账号。用 create-staff 新建。')
        for (const r of rows) {
          const scope = r.department_code ?? r.hall_id ?? ''
          console.log([r.username, r.role, scope, r.display_name, r.disabled_at ? '已停用' : ''].filter(Boolean).join('\t'))
        }
        return 0
      }
    }
  } finally {
    await db.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof StaffAdminError || err instanceof ApiKeyError || err instanceof ConfigError) console.error(`错误：${err.message}`)
    else console.error('执行失败：', err)
    process.exit(1)
  },
)
