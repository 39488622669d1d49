// `npm start`: builds dist/h5 when missing or stale, then runs the API + H5 on the embedded database with demo data.
import { spawn } from 'node:child_process'
import { ROOT, ensureBuilt } from './build-stamp.mjs'

const { built } = await ensureBuilt('h5', { log: (line) => console.log(line) })
if (!built) console.log('[start] dist/h5 is up to date')

const port = process.env.PORT ?? '8080'
// Request-by-request logs are for deployments; a person running the app locally sees warnings only.
const env = { ...process.env, DEMO: process.env.DEMO ?? '1', PORT: port, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }
// tsx as a loader in the server's own process: signals reach server/main.ts directly (its graceful stop), not through the tsx CLI.
const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  cwd: ROOT,
  env,
  stdio: ['inherit', 'pipe', 'inherit'],
})

let hinted = false
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk)
  if (!hinted && /listening on/i.test(String(chunk))) {
    hinted = true
    console.log(
      [
        '',
        `  H5 应用 / H5 app:        http://localhost:${port}/`,
        `  API 健康检查 / health:   http://localhost:${port}/api/health`,
        '  微信开发者工具 / WeChat DevTools: npm run build:weapp，然后导入本目录（project.config.json → dist/weapp/），',
        '      在“详情 → 本地设置”中勾选“不校验合法域名”。小程序请求 TARO_APP_API_BASE（默认 http://localhost:8080/api），构建前设置它以指向本服务',
        '  支付宝小程序开发者工具 / Alipay IDE: npm run build:alipay，然后打开 dist/alipay',
        '  按 Ctrl+C 停止 / Ctrl+C to stop',
        '',
      ].join('\n'),
    )
  }
})

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
