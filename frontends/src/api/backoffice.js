// GraphQL documents of the back office (后台分类审批) and of the window's part in it
// (补件 at any window, 信息校验, accepting a pre-reviewed case), plus material uploads.
import { getToken } from '@/api/graphql'

const ERRORS = 'errors { code field message }'

export const CASE_DETAIL = `
  id number status statusLabel version itemCode itemName instant channelLabel applicantName
  maskedIdNumber contactPhone givenAnswers { question label text } submittedAt acceptedAt dueOn legalDueOn remindOn dueProvisional
  paused pausedWorkdays supplementRound decisionNote decidedAt offeredToBackup assignee overdue
  decisionNoticeUrl
  company { creditCode name }
  application { number bundleName status { code label } }
  servicePoint { name }
  department { name shortName }
  materials {
    id name formLabel count requirementLabel reason status statusLabel originalSeen
    files { id filename contentType size round url }
    annotations { id round kind kindLabel text fileId box }
  }
  supplements { round stage note requestedBy requestedAt fulfilledAt }
  infoChecks { id field value note status statusLabel flaggedBy flaggedAt correctedValue answer resolvedBy resolvedAt }
  log { id at actionLabel actorName channel servicePointName detail }
`

export const QUEUE = `
  query BackofficeQueue($tab: QueueTab!, $after: String) {
    backofficeQueue(tab: $tab, first: 50, after: $after) {
      entries {
        offeredToMe canClaim dueState dueStateLabel
        id number itemName applicantName statusLabel dueOn dueProvisional version assignee submittedAt
      }
      counts { unclaimed mine supplement prereview }
      hasNextPage endCursor
    }
  }
`

export const CASE = `query BackofficeCase($id: ID!) { case(id: $id) { ${CASE_DETAIL} } }`
export const COLLEAGUES = `query CaseColleagues($id: ID!) { caseColleagues(caseId: $id) { id name } }`

const ACTION = (name, args, params) => `
  mutation ${name[0].toUpperCase()}${name.slice(1)}(${params}) {
    ${name}(${args}) { case { ${CASE_DETAIL} } ${ERRORS} }
  }
`

export const CLAIM = ACTION('claimCase', 'caseId: $id, version: $version', '$id: ID!, $version: Int!')
export const RELEASE = ACTION('releaseCase', 'caseId: $id, version: $version', '$id: ID!, $version: Int!')
export const ASSIGN = ACTION('assignCase', 'caseId: $id, version: $version, toStaffId: $to',
  '$id: ID!, $version: Int!, $to: ID!')
// a decision carries the unsent annotations on screen; discarding them must be said explicitly
const PENDING = 'pendingAnnotations: $pendingAnnotations, discardAnnotations: $discardAnnotations'
const PENDING_PARAMS = '$pendingAnnotations: [AnnotationInput!], $discardAnnotations: Boolean!'
export const APPROVE = ACTION('approveCase', `caseId: $id, version: $version, note: $note, ${PENDING}`,
  `$id: ID!, $version: Int!, $note: String!, ${PENDING_PARAMS}`)
export const REJECT = ACTION('rejectCase', `caseId: $id, version: $version, kind: $kind, reason: $reason, ${PENDING}`,
  `$id: ID!, $version: Int!, $kind: RejectKind!, $reason: String!, ${PENDING_PARAMS}`)
export const REQUEST_SUPPLEMENT = ACTION('requestSupplement',
  'caseId: $id, version: $version, annotations: $annotations, note: $note',
  '$id: ID!, $version: Int!, $annotations: [AnnotationInput!]!, $note: String!')
export const PASS_PREREVIEW = ACTION('passPrereview', `caseId: $id, version: $version, note: $note, ${PENDING}`,
  `$id: ID!, $version: Int!, $note: String!, ${PENDING_PARAMS}`)
export const ACCEPT_PREREVIEWED = ACTION('acceptPrereviewed', 'caseId: $id, version: $version, idNumber: $idNumber',
  '$id: ID!, $version: Int!, $idNumber: String')
export const SUPPLEMENT = ACTION('supplementCase', 'caseId: $id, version: $version, files: $files, idNumber: $idNumber',
  '$id: ID!, $version: Int!, $files: [SupplementFilesInput!]!, $idNumber: String')

export const CASE_AT_WINDOW = `
  query CaseAtWindow($number: String!, $idNumber: String) {
    caseAtWindow(number: $number, idNumber: $idNumber) { ${CASE_DETAIL} }
  }
`

const CHECK = 'id field value note status statusLabel flaggedBy flaggedAt correctedValue answer resolvedBy resolvedAt'
export const FLAG_INFO_CHECK = `
  mutation FlagInfoCheck($id: ID!, $field: String!, $value: String!, $note: String!) {
    flagInfoCheck(caseId: $id, field: $field, value: $value, note: $note) { infoCheck { ${CHECK} } ${ERRORS} }
  }
`
export const ANSWER_INFO_CHECK = `
  mutation AnswerInfoCheck($id: ID!, $corrected: String, $answer: String!) {
    answerInfoCheck(checkId: $id, correctedValue: $corrected, answer: $answer) { infoCheck { ${CHECK} } ${ERRORS} }
  }
`

export const MY_NOTICES = `
  query MyNotices { myNotices(first: 20) { unread cursor notices { id kind kindLabel message caseId caseNumber createdAt read } } }
`
export const MY_NOTICE_EVENTS = `
  subscription MyNoticeEvents($after: Int) { myNoticeEvents(after: $after) { cursor kind } }
`
export const MARK_NOTICES_READ = `mutation MarkNoticeRead($ids: [ID!]) { markNoticeRead(ids: $ids) { updated unread } }`

export const ANNOTATION_KINDS = [
  { value: 'BLURRY', label: '模糊不清' },
  { value: 'MISSING_PAGES', label: '缺页' },
  { value: 'EXPIRED', label: '已过期' },
  { value: 'MISMATCH', label: '信息不符' },
  { value: 'UNSIGNED', label: '缺少签字（盖章）' },
  { value: 'WRONG_MATERIAL', label: '材料错误' },
  { value: 'OTHER', label: '其他' },
]

/** Upload one file (raw body) to POST /case-files; returns { fileId, contentType, size }. */
export async function uploadCaseFile(file) {
  const headers = { 'Content-Type': 'application/octet-stream' }
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  const response = await fetch(`/case-files?filename=${encodeURIComponent(file.name)}`, {
    method: 'POST', headers, body: file,
  })
  const body = await response.json().catch(() => ({}))
  if (!response.ok) throw new Error(body.error || `上传失败（HTTP ${response.status}）`)
  return body
}

/** The first typed error of a payload as one Chinese message, or null. */
export function payloadError(payload) {
  return payload && payload.errors && payload.errors.length ? payload.errors[0].message : null
}

export function shanghaiTime(iso) {
  if (!iso) return ''
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })
}
