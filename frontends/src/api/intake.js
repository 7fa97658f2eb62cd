// Cases (办件): intake at the counter, by a grid worker, at a kiosk or by the resident online;
// the applicant lookup, uploads, the receipt and 即办件当场办结.
import { getToken } from '@/api/graphql'

export const APPLICANT_BY_ID = `
  query ApplicantById($idNumber: String!) {
    applicantByIdNumber(idNumber: $idNumber) {
      registered idNumber maskedIdNumber name phone address
      licences { licenseType label issuer validUntil }
    }
  }
`

export const COMPANY_BY_CODE = `
  query CompanyByCode($code: String!) { companyByCreditCode(creditCode: $code) { creditCode name } }
`

export const SEARCH_ITEMS = `
  query SearchItems($filter: ItemFilter) {
    items(first: 12, filter: $filter) { edges { node { code name kindLabel kind channels { pc mobile kiosk } department { shortName } } } }
  }
`

export const ITEM_BRIEF = `
  query ItemBrief($code: String!) {
    item(code: $code) { code name kind kindLabel timeLimitLabel channels { counter pc mobile kiosk } department { name shortName } }
  }
`

const CASE_FIELDS = `id number status statusLabel version instant channelLabel itemName applicantName
  maskedIdNumber dueOn dueProvisional submittedAt issuedAt receiptUrl
  materials { name status statusLabel }`

export const INTAKE_CASE = `
  mutation IntakeCase($input: IntakeCaseInput!) {
    intakeCase(input: $input) { case { ${CASE_FIELDS} } errors { code field message } }
  }
`

export const COMPLETE_INSTANT = `
  mutation CompleteInstant($id: ID!, $version: Int!) {
    completeInstantCase(caseId: $id, version: $version) { case { ${CASE_FIELDS} } errors { code field message } }
  }
`

export const MY_CASES = `
  query MyCases { myCases { ${CASE_FIELDS} } }
`

export const MAX_UPLOAD_MB = 20

/** Upload one file (raw body); resolves to { fileId, contentType, size } or throws an Error in Chinese. */
export async function uploadCaseFile(file, token = getToken()) {
  if (file.size > MAX_UPLOAD_MB * 1024 * 1024) throw new Error(`文件超过 ${MAX_UPLOAD_MB} MB 上限`)
  let response
  try {
    response = await fetch(`/case-files?filename=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      body: file,
    })
  } catch {
    throw new Error('上传失败：无法连接服务器，请重试')
  }
  let body = {}
  try {
    body = await response.json()
  } catch {
    /* not JSON */
  }
  if (response.status !== 201) throw new Error(body.error || `上传失败（HTTP ${response.status}）`)
  return body
}

/** "2026-12-08" → "2026年12月8日". */
export function dateText(iso) {
  if (!iso) return ''
  const [y, m, d] = iso.split('-').map(Number)
  return `${y}年${m}月${d}日`
}
