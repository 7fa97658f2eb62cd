// The catalog editor's model of an item document (snake_case, as in hub/demo/catalog.json):
// Chinese labels of the enums, defaults, the condition language, and small checks.

export const STANDARD_LABEL = { CITY: '全市统一标准', DISTRICT_VARIANT: '区县变体', DISTRICT_ONLY: '区县特有' }
export const STANDARD_TAG = { CITY: 'primary', DISTRICT_VARIANT: 'warning', DISTRICT_ONLY: 'success' }

export const KIND_OPTIONS = [
  { value: 'INSTANT', label: '即办件' },
  { value: 'PROMISED', label: '承诺件' },
]
export const LEVEL_OPTIONS = [
  { value: 'CITY', label: '市级' },
  { value: 'DISTRICT', label: '区县级' },
  { value: 'STREET', label: '街道（镇）级' },
  { value: 'COMMUNITY', label: '社区（村）级' },
]
export const CHANNEL_OPTIONS = [
  { value: 'NONE', label: '不可办' },
  { value: 'PREREVIEW', label: '网上预审' },
  { value: 'ONLINE', label: '全程网办' },
]
export const CHANNEL_TERMINALS = [
  { key: 'pc', label: '电脑端（网上办）' },
  { key: 'mobile', label: '手机端（掌上办）' },
  { key: 'kiosk', label: '自助终端（自助办）' },
]
export const ACCEPT_SCOPE_OPTIONS = [
  { value: 'DISTRICT_WIDE', label: '全区通办' },
  { value: 'LISTED_POINTS', label: '指定服务点受理' },
]
export const FORM_OPTIONS = [
  { value: 'ORIGINAL', label: '原件' },
  { value: 'COPY', label: '复印件' },
  { value: 'ORIGINAL_AND_COPY', label: '原件及复印件' },
  { value: 'ELECTRONIC', label: '电子材料' },
]
export const REQUIREMENT_OPTIONS = [
  { value: 'REQUIRED', label: '必需', tag: 'danger' },
  { value: 'OPTIONAL', label: '可选', tag: 'info' },
  { value: 'DEFERRABLE', label: '容缺', tag: 'warning' },
]
export const QUESTION_KIND_OPTIONS = [
  { value: 'SINGLE', label: '单选' },
  { value: 'MULTIPLE', label: '多选' },
  { value: 'YES_NO', label: '是否' },
  { value: 'DATE', label: '日期' },
  { value: 'NUMBER', label: '数字' },
]
// Electronic licences the hub can look up instead of asking for the paper (hub/models/enums.py).
export const LICENSE_OPTIONS = [
  { value: 'ID_CARD', label: '居民身份证' },
  { value: 'HOUSEHOLD_REGISTER', label: '居民户口簿' },
  { value: 'BIRTH_CERTIFICATE', label: '出生医学证明' },
  { value: 'MARRIAGE_CERTIFICATE', label: '结婚证' },
  { value: 'RESIDENCE_PERMIT', label: '浙江省居住证' },
  { value: 'DISABILITY_CERTIFICATE', label: '残疾人证' },
  { value: 'SOCIAL_SECURITY_CARD', label: '社会保障卡' },
  { value: 'BUSINESS_LICENSE', label: '营业执照' },
  { value: 'VETERAN_CERTIFICATE', label: '退役军人证' },
]

export function labelOf(options, value) {
  const found = options.find((o) => o.value === value)
  return found ? found.label : value
}

// --- conditions ------------------------------------------------------------------------------

export const OP_LABEL = {
  is: '等于',
  is_not: '不等于',
  in: '属于',
  not_in: '不属于',
  has: '包含',
  lt: '小于',
  lte: '不超过',
  gt: '大于',
  gte: '不少于',
  age_lt_years: '年龄小于(岁)',
  age_gte_years: '年龄不小于(岁)',
  age_lt_days: '出生不足(天)',
}
export const OPS_BY_KIND = {
  SINGLE: ['is', 'is_not', 'in', 'not_in'],
  YES_NO: ['is', 'is_not'],
  MULTIPLE: ['has'],
  NUMBER: ['lt', 'lte', 'gt', 'gte'],
  DATE: ['age_lt_years', 'age_gte_years', 'age_lt_days'],
}
export const LIST_OPS = new Set(['in', 'not_in'])
export const YES_NO_OPTIONS = [
  { value: true, label: '是' },
  { value: false, label: '否' },
]

/** How the value of a clause is entered: 'option' | 'options' | 'yesno' | 'number'. */
export function valueControl(kind, op) {
  if (kind === 'YES_NO') return 'yesno'
  if (kind === 'NUMBER' || kind === 'DATE') return 'number'
  return LIST_OPS.has(op) ? 'options' : 'option'
}

export function emptyValue(kind, op) {
  return valueControl(kind, op) === 'options' ? [] : null
}

/** A clause `{q, op: value}` as `{ q, op, value }`. */
function readClause(clause) {
  if (!clause || typeof clause !== 'object') return { q: '', op: '', value: null }
  const op = Object.keys(clause).find((k) => k !== 'q') || ''
  return { q: clause.q ?? '', op, value: op ? clause[op] : null }
}

/** Editor model of a condition: { mode: 'always'|'when', join: 'all'|'any', clauses: [{q, op, value}] }. */
export function readCondition(cond) {
  if (!cond || typeof cond !== 'object') return { mode: 'always', join: 'all', clauses: [] }
  for (const join of ['all', 'any']) {
    if (Array.isArray(cond[join])) return { mode: 'when', join, clauses: cond[join].map(readClause) }
  }
  return { mode: 'when', join: 'all', clauses: [readClause(cond)] }
}

/** The condition JSON of an editor model (null when it always applies). */
export function writeCondition(model) {
  if (model.mode !== 'when' || model.clauses.length === 0) return null
  const clauses = model.clauses.map((c) => {
    const clause = { q: c.q || null }
    clause[c.op || 'is'] = c.value === undefined ? null : c.value
    return clause
  })
  return clauses.length === 1 ? clauses[0] : { [model.join]: clauses }
}

function valueText(question, value) {
  if (Array.isArray(value)) return value.map((v) => valueText(question, v)).join('、')
  if (value === true) return '是'
  if (value === false) return '否'
  if (question && question.options) {
    const option = question.options.find((o) => o.value === value)
    if (option) return option.label
  }
  return value === null || value === undefined || value === '' ? '（未填）' : String(value)
}

const NUMBER_PHRASE = {
  lt: (v) => `小于 ${v}`,
  lte: (v) => `不超过 ${v}`,
  gt: (v) => `大于 ${v}`,
  gte: (v) => `不少于 ${v}`,
  age_lt_years: (v) => `年龄小于 ${v} 岁`,
  age_gte_years: (v) => `年龄不小于 ${v} 岁`,
  age_lt_days: (v) => `出生不足 ${v} 天`,
}

/** A condition in words, e.g. 「申领情形」等于「遗失补领」. */
export function describeCondition(cond, questions = []) {
  if (!cond) return ''
  const model = readCondition(cond)
  const byCode = Object.fromEntries(questions.map((q) => [q.code, q]))
  const parts = model.clauses.map((c) => {
    const q = byCode[c.q]
    const name = q ? q.text || q.code : c.q || '（未选问题）'
    const phrase = NUMBER_PHRASE[c.op]
    if (phrase) return `「${name}」${phrase(valueText(q, c.value))}`
    return `「${name}」${OP_LABEL[c.op] || c.op}「${valueText(q, c.value)}」`
  })
  return parts.join(model.join === 'any' ? '，或' : '，且')
}

/** Clauses the editor cannot send yet (no question, no operation or no value), in Chinese. */
export function incompleteClauses(cond, where) {
  if (!cond) return []
  const model = readCondition(cond)
  const problems = []
  model.clauses.forEach((c, i) => {
    const at = model.clauses.length > 1 ? `${where}第 ${i + 1} 条` : where
    const empty = c.value === null || c.value === undefined || c.value === '' || (Array.isArray(c.value) && !c.value.length)
    if (!c.q) problems.push(`${at}：请选择问题`)
    else if (!c.op) problems.push(`${at}：请选择比较方式`)
    else if (empty) problems.push(`${at}：请填写比较的值`)
  })
  return problems
}

function renameInCondition(cond, from, to) {
  if (!cond || typeof cond !== 'object') return cond
  for (const join of ['all', 'any']) {
    if (Array.isArray(cond[join])) return { [join]: cond[join].map((c) => renameInCondition(c, from, to)) }
  }
  return cond.q === from ? { ...cond, q: to } : cond
}

/** Rename a question code in every condition of the document (show_if, condition, deferrable_if). */
export function renameQuestion(doc, from, to) {
  if (!from || from === to) return
  for (const q of doc.questions) q.show_if = renameInCondition(q.show_if, from, to)
  for (const m of doc.materials) {
    m.condition = renameInCondition(m.condition, from, to)
    m.deferrable_if = renameInCondition(m.deferrable_if, from, to)
  }
}

function mentions(cond, code) {
  if (!cond || typeof cond !== 'object') return false
  for (const join of ['all', 'any']) {
    if (Array.isArray(cond[join])) return cond[join].some((c) => mentions(c, code))
  }
  return cond.q === code
}

/** Where a question is used: ['材料「…」的适用条件', '问题「…」的显示条件', …]. */
export function questionUses(doc, code) {
  const uses = []
  for (const q of doc.questions) if (mentions(q.show_if, code)) uses.push(`问题「${q.text || q.code}」的显示条件`)
  for (const m of doc.materials) {
    if (mentions(m.condition, code)) uses.push(`材料「${m.name}」的适用条件`)
    if (mentions(m.deferrable_if, code)) uses.push(`材料「${m.name}」的容缺条件`)
  }
  return uses
}

// --- documents --------------------------------------------------------------------------------

const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)))

export function blankQuestion(code = '') {
  return { code, text: '', help: '', kind: 'SINGLE', options: [], required: true, show_if: null }
}

export function blankMaterial(name = '') {
  return {
    name,
    form: 'ORIGINAL',
    count: 1,
    requirement: 'REQUIRED',
    note: null,
    condition: null,
    deferrable_if: null,
    license_type: null,
  }
}

export function blankItem(standard) {
  return normalizeItem({ code: '', name: '', standard })
}

const pick = (value, fallback) => (value === undefined || value === null ? fallback : value)

/** Every key present, in a fixed order (so that a document compares equal to itself after a round trip). */
export function normalizeItem(src) {
  const d = clone(src) || {}
  const channels = d.channels || {}
  const out = {
    code: d.code || '',
    name: d.name || '',
    summary: pick(d.summary, ''),
    keywords: pick(d.keywords, []),
    department: d.department || '',
    kind: d.kind || 'INSTANT',
    decision_level: d.decision_level || 'DISTRICT',
    scope: pick(d.scope, ''),
    accepting_agency: pick(d.accepting_agency, ''),
    deciding_agency: pick(d.deciding_agency, ''),
    legal_time_limit_days: pick(d.legal_time_limit_days, 0),
    promised_time_limit_days: pick(d.promised_time_limit_days, 0),
    fee: pick(d.fee, '不收费'),
    fee_basis: pick(d.fee_basis, null),
    channels: {
      counter: pick(channels.counter, true),
      pc: channels.pc || 'NONE',
      mobile: channels.mobile || 'NONE',
      kiosk: channels.kiosk || 'NONE',
    },
    accept_scope: d.accept_scope || 'DISTRICT_WIDE',
    accepting_points: pick(d.accepting_points, []),
    standard: d.standard || 'CITY',
    life_events: pick(d.life_events, []),
    active: pick(d.active, true),
    questions: (d.questions || []).map((q) => ({ ...blankQuestion(), ...q, options: q.options || [] })),
    materials: (d.materials || []).map((m) => ({ ...blankMaterial(), ...m })),
  }
  if (d.base) out.base = d.base
  return out
}

const blankToNull = (v) => (typeof v === 'string' && v.trim() === '' ? null : v)

/** The document sent to saveCatalogItem: trimmed, optional texts as null. */
export function documentForSave(draft) {
  const doc = clone(draft)
  doc.code = doc.code.trim()
  doc.name = doc.name.trim()
  doc.fee_basis = blankToNull(doc.fee_basis)
  for (const m of doc.materials) {
    m.name = (m.name || '').trim()
    m.note = blankToNull(m.note)
    m.license_type = blankToNull(m.license_type)
  }
  for (const q of doc.questions) q.code = (q.code || '').trim()
  if (doc.standard !== 'DISTRICT_VARIANT') delete doc.base
  delete doc.overrides
  return doc
}

/** Problems the editor finds before asking the server (which checks everything else). */
export function draftProblems(draft) {
  const problems = []
  if (!draft.code.trim()) problems.push('请填写事项编码')
  if (!draft.name.trim()) problems.push('请填写事项名称')
  draft.questions.forEach((q, i) => {
    const name = `问题「${q.text || q.code || i + 1}」`
    if (!(q.code || '').trim() || !(q.text || '').trim()) problems.push(`${name}：请填写问题编码和问题文字`)
    if ((q.options || []).some((o) => !String(o.value ?? '').trim() || !String(o.label ?? '').trim())) {
      problems.push(`${name}：选项的值和显示文字都须填写`)
    }
    problems.push(...incompleteClauses(q.show_if, `${name}的显示条件`))
  })
  draft.materials.forEach((m, i) => {
    const name = m.name || `第 ${i + 1} 项`
    problems.push(...incompleteClauses(m.condition, `材料「${name}」的适用条件`))
    problems.push(...incompleteClauses(m.deferrable_if, `材料「${name}」的容缺条件`))
  })
  return problems
}

/** The code suggested for this district's variant of a city item (330100… → 330106…). */
export function suggestVariantCode(cityCode, districtCode, taken) {
  let code = cityCode.startsWith('330100') ? districtCode + cityCode.slice(6) : cityCode
  // City items coded under the district already (330106-…) keep their code plus a suffix.
  if (taken.has(code)) code = `${code}-V`
  let n = 2
  const stem = code
  while (taken.has(code)) code = `${stem}${n++}`
  return code
}

/** "2026-11-22 12:46" in local time. */
export function formatTime(iso) {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const pad = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}
