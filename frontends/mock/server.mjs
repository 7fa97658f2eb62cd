// Development mock of the hub: POST /graphql (the agreed contract, fixture data) and the built
// frontends from ../dist with the same history fallback as the hub.
// Never bundled into dist and never used by the built app.
//
//   node mock/server.mjs            # http://127.0.0.1:8001
//   MOCK_PORT=8002 MOCK_DELAY=300 node mock/server.mjs
import http from 'node:http'
import { readFileSync, existsSync, statSync, createReadStream } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { dirname, join, normalize, extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildSchema, graphql } from 'graphql'
import { WebSocketServer } from 'ws'
import { useServer } from 'graphql-ws/use/ws'
import * as fx from './fixtures.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const dist = join(here, '..', 'dist')
const port = Number(process.env.MOCK_PORT || 8001)
const delay = Number(process.env.MOCK_DELAY || 0)
const schema = buildSchema(readFileSync(join(here, 'schema.graphql'), 'utf8'))

// ------------------------------------------------------------- labels ----
const LEVEL = { CITY: '市级', DISTRICT: '区县级', STREET: '街道（镇）级', COMMUNITY: '社区（村）级' }
const FORM = { ORIGINAL: '原件', COPY: '复印件', ORIGINAL_AND_COPY: '原件和复印件', ELECTRONIC: '电子材料' }
const REQ = { REQUIRED: '必需', OPTIONAL: '可选', DEFERRABLE: '容缺' }
const ROLE = { ADMIN: '系统管理员', SUPERVISOR: '管理人员', FRONT_DESK: '综合窗口人员', BACK_OFFICE: '后台审批人员', ISSUER: '出件人员', EXPERT: '业务专家', GRID_WORKER: '网格员', KIOSK: '自助终端', BOARD: '叫号屏' }

// ------------------------------------------------------------- models ----
function point(code) {
  const p = fx.servicePoints.find((x) => x.code === code)
  if (!p) return null
  return {
    ...p,
    levelLabel: LEVEL[p.level],
    parent: () => point(p.parent),
    children: () => fx.servicePoints.filter((c) => c.parent === p.code).map((c) => point(c.code)),
    windows: () => [1, 2, 3].map((n) => ({ id: `${p.code}-${n}`, number: n, name: `${n} 号窗口`, kind: n === 3 ? 'ISSUANCE' : 'INTAKE', servicePoint: () => point(p.code) })),
  }
}

function department(code) {
  const d = fx.departments.find((x) => x.code === code)
  if (!d) return null
  return { ...d, itemCount: fx.items.filter((i) => i.dept === code).length }
}

function lifeEvent(code) {
  const e = fx.lifeEvents.find((x) => x.code === code)
  if (!e) return null
  return { ...e, itemCount: fx.items.filter((i) => i.events.includes(code)).length }
}

function item(raw) {
  const dept = department(raw.dept)
  const scope = raw.scope || 'DISTRICT_WIDE'
  return {
    code: raw.code,
    name: raw.name,
    summary: raw.summary,
    keywords: raw.keywords,
    kind: raw.kind,
    kindLabel: raw.kind === 'INSTANT' ? '即办件' : '承诺件',
    department: dept,
    decisionLevel: 'DISTRICT',
    decisionLevelLabel: LEVEL.DISTRICT,
    scope: raw.summary.replace(/^(.*?)[，,].*$/, '$1').replace(/。?$/, '。'),
    acceptingAgency: `${dept.name}（由各便民服务中心综合窗口统一受理）`,
    decidingAgency: dept.name,
    legalTimeLimitDays: raw.legal,
    promisedTimeLimitDays: raw.promised,
    timeLimitLabel: raw.promised ? `${raw.promised}个工作日` : '即办',
    fee: raw.fee || '不收费',
    feeBasis: null,
    channels: raw.channels,
    acceptScope: scope,
    acceptScopeLabel: scope === 'DISTRICT_WIDE' ? '全区通办' : '指定服务点受理',
    acceptingPoints: () => (raw.points || []).map(point),
    standard: raw.standard || 'CITY',
    standardLabel: (raw.standard || 'CITY') === 'CITY' ? '全市统一标准' : '区县差异标准',
    lifeEvents: () => raw.events.map(lifeEvent),
    materials: raw.materials.map((m, i) => ({
      id: `${raw.code}-M${i + 1}`,
      ...m,
      formLabel: FORM[m.form],
      requirementLabel: REQ[m.requirement],
    })),
    version: 1,
  }
}

function staffView(s) {
  return {
    id: s.id,
    username: s.username,
    name: s.name,
    roles: s.roles,
    roleLabels: s.roles.map((r) => ROLE[r]),
    servicePoint: () => point(s.servicePoint),
    department: () => (s.department ? department(s.department) : null),
  }
}

// ------------------------------------------------------------- tokens ----
const tokens = new Map() // token -> staff id

function currentStaff(ctx) {
  const m = /^Bearer\s+(.+)$/i.exec(ctx.authorization || '')
  if (!m) return null
  const id = tokens.get(m[1])
  return id ? fx.staff.find((s) => s.id === id) : null
}

const cursorOf = (n) => Buffer.from(`offset:${n}`).toString('base64')
const offsetOf = (c) => {
  const m = /^offset:(\d+)$/.exec(Buffer.from(c, 'base64').toString())
  if (!m) throw new Error('无效的分页游标')
  return Number(m[1])
}

const TERMINAL_KEY = { PC: 'pc', MOBILE: 'mobile', KIOSK: 'kiosk' }

const root = {
  me: (_a, ctx) => {
    const s = currentStaff(ctx)
    return s ? staffView(s) : null
  },
  departments: () => fx.departments.map((d) => department(d.code)),
  department: ({ code }) => department(code),
  lifeEvents: () => fx.lifeEvents.map((e) => lifeEvent(e.code)),
  item: ({ code }) => {
    const raw = fx.items.find((i) => i.code === code)
    return raw ? item(raw) : null
  },
  items: ({ first = 20, after, filter }) => {
    if (first < 0 || first > 100) throw new Error('每页数量须在 0 到 100 之间')
    let list = fx.items
    const f = filter || {}
    if (f.departmentCode) list = list.filter((i) => i.dept === f.departmentCode)
    if (f.lifeEventCode) list = list.filter((i) => i.events.includes(f.lifeEventCode))
    if (f.terminal === 'COUNTER') list = list.filter((i) => i.channels.counter)
    else if (f.terminal) list = list.filter((i) => i.channels[TERMINAL_KEY[f.terminal]] !== 'NONE')
    if (f.keyword) {
      const k = f.keyword.trim().toLowerCase()
      list = list.filter((i) => i.name.toLowerCase().includes(k) || i.keywords.some((w) => w.includes(k)) || i.code.toLowerCase().includes(k))
    }
    const start = after ? offsetOf(after) + 1 : 0
    const page = list.slice(start, start + first)
    const edges = page.map((raw, i) => ({ cursor: cursorOf(start + i), node: item(raw) }))
    return {
      edges,
      totalCount: list.length,
      pageInfo: { hasNextPage: start + first < list.length, endCursor: edges.length ? edges[edges.length - 1].cursor : after || null },
    }
  },
  servicePoints: ({ parentCode }) => fx.servicePoints.filter((p) => p.parent === (parentCode ?? null)).map((p) => point(p.code)),
  servicePoint: ({ code }) => point(code),
  // The fixtures have no situation questions: every material for everyone, and any answer is unknown.
  checklist: ({ itemCode, answers }) => {
    const raw = fx.items.find((i) => i.code === itemCode)
    if (!raw) return { checklist: null, errors: [{ code: 'NOT_FOUND', field: 'itemCode', message: `事项 ${itemCode} 不存在` }] }
    const [answer] = answers || []
    if (answer) {
      return { checklist: null, errors: [{ code: 'UNKNOWN_QUESTION', field: answer.question, message: `该事项没有问题 ${answer.question}` }] }
    }
    const it = item(raw)
    const lines = it.materials.map((m) => ({ ...m, materialId: m.id, reason: '所有申请人均需提供', satisfiedBy: null }))
    return { checklist: { item: it, questions: [], answers: [], missing: [], complete: true, lines }, errors: [] }
  },

  login: ({ input }) => {
    const s = fx.staff.find((x) => x.username === input.username.trim())
    if (!s || s.password !== input.password) {
      return { token: null, expiresAt: null, staff: null, errors: [{ code: 'INVALID_CREDENTIALS', field: null, message: '用户名或密码错误' }] }
    }
    const token = randomBytes(24).toString('hex')
    tokens.set(token, s.id)
    return { token, expiresAt: new Date(Date.now() + 12 * 3600e3).toISOString(), staff: staffView(s), errors: [] }
  },
  changePassword: ({ input }, ctx) => {
    const s = currentStaff(ctx)
    if (!s) throw new Error('请先登录')
    if (s.password !== input.oldPassword) return { ok: false, errors: [{ code: 'WRONG_PASSWORD', field: 'oldPassword', message: '当前密码不正确' }] }
    if (input.newPassword.length < 8) return { ok: false, errors: [{ code: 'WEAK_PASSWORD', field: 'newPassword', message: '新密码至少 8 位' }] }
    s.password = input.newPassword
    return { ok: true, errors: [] }
  },
}

// --------------------------------------------------------------- http ----
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.woff': 'font/woff', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json' }

function send(res, status, body, type = 'application/json; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': type })
  res.end(body)
}

function serveStatic(req, res) {
  const url = new URL(req.url, 'http://x')
  const path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '')
  let file = join(dist, path)
  const isFile = existsSync(file) && statSync(file).isFile()
  if (!isFile) {
    if (path.startsWith('/assets/')) return send(res, 404, 'not found', 'text/plain; charset=utf-8')
    file = join(dist, 'index.html') // history fallback
    if (!existsSync(file)) return send(res, 503, '请先运行 npm run build', 'text/plain; charset=utf-8')
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
    'Cache-Control': file.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  createReadStream(file).pipe(res)
}

const server = http.createServer(async (req, res) => {
  if (req.url === '/healthz') return send(res, 200, JSON.stringify({ status: 'ok', mock: true }))
  if (req.url.split('?')[0] === '/graphql') {
    if (req.method !== 'POST') return send(res, 405, JSON.stringify({ errors: [{ message: '请使用 POST' }] }))
    let raw = ''
    for await (const chunk of req) raw += chunk
    let body
    try {
      body = JSON.parse(raw)
    } catch {
      return send(res, 400, JSON.stringify({ errors: [{ message: '请求体不是有效的 JSON' }] }))
    }
    if (delay) await new Promise((r) => setTimeout(r, delay))
    const result = await graphql({
      schema,
      source: body.query,
      rootValue: root,
      contextValue: { authorization: req.headers.authorization },
      variableValues: body.variables,
      operationName: body.operationName,
    })
    return send(res, 200, JSON.stringify(result))
  }
  return serveStatic(req, res)
})

// ------------------------------------------------------ subscriptions ----
const wss = new WebSocketServer({ server, path: '/graphql' })
useServer(
  {
    schema,
    onConnect: (ctx) => console.log(`ws connected (${ctx.connectionParams?.authToken ? 'with' : 'without'} authToken)`),
    context: (ctx) => ({ authorization: ctx.connectionParams?.authToken ? `Bearer ${ctx.connectionParams.authToken}` : '' }),
    roots: {
      subscription: {
        serverClock: async function* ({ intervalSeconds }, context) {
          const viewer = currentStaff(context)
          const tick = () => ({ serverClock: { now: new Date().toISOString(), viewerName: viewer ? viewer.name : null } })
          yield tick()
          while (true) {
            await new Promise((r) => setTimeout(r, Math.max(1, intervalSeconds) * 1000))
            yield tick()
          }
        },
      },
    },
  },
  wss,
)

server.listen(port, '127.0.0.1', () => {
  console.log(`mock hub on http://127.0.0.1:${port}  (GraphQL /graphql, dist with history fallback)`)
  console.log('demo logins: admin / admin123, zhangmin / zhangmin123, liwei / liwei123')
})
