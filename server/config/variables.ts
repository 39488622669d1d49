// Every environment variable the server reads, documented once: the README's table must list the same ones.
export interface ConfigVariable {
  name: string
  /** The default as a person would read it. */
  default: string
  description: string
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  { name: 'PORT', default: '8080', description: 'HTTP 监听端口（0–65535，0 表示随机端口）' },
  { name: 'HOST', default: '0.0.0.0', description: 'HTTP 监听地址' },
  {
    name: 'DATABASE_URL',
    default: '（不设置）',
    description: 'PostgreSQL 连接串（postgres://…）；不设置时使用内置的 PGlite，数据保存在 DATA_DIR/pglite',
  },
  {
    name: 'DATABASE_POOL_SIZE',
    default: '10',
    description: '每个节点到 PostgreSQL 的最大连接数；数据库所在机器每个 CPU 核约 3–5 个为宜（2 核压测：6–10 最快，20 反而更慢）',
  },
  {
    name: 'DATA_DIR',
    default: '.data',
    description: '数据目录（相对于启动目录）：PGlite 数据文件、上传文件和自动生成的密钥都放在这里',
  },
  { name: 'NODE_ENV', default: 'development', description: '运行环境：development、production 或 test' },
  { name: 'DEMO', default: '0', description: '设为 1 时启动时载入演示数据' },
  {
    name: 'TRUST_PROXY',
    default: '（不信任）',
    description:
      '前面有反向代理时设置：1 或 true 表示信任全部代理；2 及以上的整数表示信任的代理层数；或以逗号分隔的代理地址/网段（如 127.0.0.1,10.0.0.0/8）',
  },
  { name: 'BODY_LIMIT', default: '1048576', description: '请求体大小上限（字节），默认 1 MiB' },
  { name: 'LOG_LEVEL', default: 'info', description: '日志级别：fatal、error、warn、info、debug、trace 或 silent' },
  { name: 'H5_DIR', default: 'dist/h5', description: '已构建的 H5 应用目录（相对于启动目录），在 / 下提供' },
  {
    name: 'DATA_KEY',
    default: '（自动生成）',
    description: '加密身份证号、手机号、姓名的主密钥：32 字节，base64 或 64 位十六进制；未设置时在 DATA_DIR/keys/data.key 生成（权限 0600），生产环境必须设置',
  },
  { name: 'WECHAT_APPID', default: '（不设置）', description: '微信小程序 AppID（生产环境必需）' },
  { name: 'WECHAT_SECRET', default: '（不设置）', description: '微信小程序 AppSecret（生产环境必需，不会写入日志）' },
  { name: 'WECHAT_API_BASE', default: 'https://api.weixin.qq.com', description: '微信接口地址（测试时指向本地模拟服务）' },
  { name: 'ALIPAY_APPID', default: '（不设置）', description: '支付宝小程序 AppID（生产环境必需）' },
  {
    name: 'ALIPAY_PRIVATE_KEY',
    default: '（不设置）',
    description: '应用私钥（RSA2）：PEM 文本（可用 \\n 表示换行）、支付宝工具生成的单行 base64（PKCS#8），或私钥文件的路径',
  },
  { name: 'ALIPAY_PUBLIC_KEY', default: '（不设置）', description: '支付宝公钥（验证支付宝应答签名）：PEM、单行 base64 或文件路径' },
  { name: 'ALIPAY_GATEWAY', default: 'https://openapi.alipay.com/gateway.do', description: '支付宝开放平台网关地址' },
  { name: 'SMS_GATEWAY_URL', default: '（不设置）', description: '短信网关地址（协议见 README）；不设置且 DEMO=1 时验证码只打印在服务日志中' },
  { name: 'SMS_GATEWAY_KEY', default: '（不设置）', description: '短信网关密钥，用于请求的 HMAC-SHA256 签名（设置 SMS_GATEWAY_URL 时必需）' },
  {
    name: 'WECHAT_TEMPLATE_IDS',
    default: '（演示用模板编号）',
    description:
      '微信订阅消息模板编号，格式 名称=模板ID，以逗号分隔；名称为 appointment_reminder、appointment_cancelled、appointment_closed、request_status',
  },
  {
    name: 'REQUEST_DEADLINE_DAYS',
    default: 'consult=2,help=10,suggestion=10,complaint=15,report=15,dispatch=1',
    description: '12345 诉求办理时限（工作日），格式 类型=天数，以逗号分隔，可只写要改的；类型为 consult、help、suggestion、complaint、report，dispatch 为派单时限',
  },
  { name: 'JOBS', default: '1', description: '设为 0 时本节点不运行后台任务（预约提醒、消息发送、诉求时限）；多节点部署时至少一个节点保持 1' },
  { name: 'RATE_LIMIT_PER_MINUTE', default: '600', description: '每个客户端地址每分钟的请求上限（全部接口）' },
  { name: 'AUTH_RATE_LIMIT_PER_MINUTE', default: '30', description: '每个客户端地址每分钟登录类接口（/api/auth/*）的请求上限' },
  { name: 'SMS_PER_IP_PER_HOUR', default: '30', description: '每个客户端地址每小时可请求的短信验证码数量' },
  { name: 'SMS_COOLDOWN_SECONDS', default: '60', description: '同一手机号两次发送短信验证码的最短间隔（秒，1–600）' },
  { name: 'NO_SHOW_LIMIT', default: '3', description: '预约未到场达到此次数（在 NO_SHOW_WINDOW_DAYS 天内）即暂停预约' },
  { name: 'NO_SHOW_WINDOW_DAYS', default: '90', description: '统计预约未到场次数的天数' },
  { name: 'NO_SHOW_BLOCK_DAYS', default: '30', description: '未到场次数达到上限后暂停预约的天数' },
  { name: 'RECTIFY_DAYS', default: '5', description: '好差评：差评（不满意、非常不满意）开出的整改单的办理时限（工作日，1–60）' },
  {
    name: 'CITYCODE_SIGNING_KEY',
    default: '（自动生成）',
    description: '一码通城的 Ed25519 签名私钥：PEM、单行 base64（PKCS#8）或文件路径；未设置时在 DATA_DIR/keys/citycode.json 生成（权限 0600），生产环境必须设置',
  },
  {
    name: 'CITYCODE_RETIRED_KEYS',
    default: '（无）',
    description: '已停用但仍需验证的一码通城公钥，格式 公钥(base64url)@停用时间(ISO 8601)，以逗号分隔；它们签发的码在到期前仍有效',
  },
]

/** What a production start needs; all missing ones are named in one message. */
export const PRODUCTION_SECRETS = [
  'DATA_KEY',
  'WECHAT_APPID',
  'WECHAT_SECRET',
  'ALIPAY_APPID',
  'ALIPAY_PRIVATE_KEY',
  'ALIPAY_PUBLIC_KEY',
  'SMS_GATEWAY_URL',
  'SMS_GATEWAY_KEY',
  'CITYCODE_SIGNING_KEY',
]
