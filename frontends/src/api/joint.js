// 一件事联办: bundles, the combined checklist, filing an application, and following it live.
import { getToken } from './graphql'

const BUNDLE_FIELDS = `
  code name description online
  items { code name departmentName online }
  sharedFields { code label kind required help options { value label } answersQuestions }
`

export const BUNDLES = `query Bundles { bundles { ${BUNDLE_FIELDS} } }`

export const BUNDLE = `query Bundle($code: String!) { bundle(code: $code) { ${BUNDLE_FIELDS} } }`

export const BUNDLE_CHECKLIST = `
  query BundleChecklist($code: String!, $shared: [SharedValueInput!], $items: [ItemAnswersInput!], $applicantIdNumber: String) {
    bundleChecklist(bundleCode: $code, shared: $shared, items: $items, applicantIdNumber: $applicantIdNumber) {
      complete
      items {
        itemCode answeredByShared
        errors { code field message }
        checklist {
          complete
          item { code name }
          questions { code text help kind options { value label } required shownWhen }
          missing { code text }
        }
      }
      materials {
        name formLabel count requirement requirementLabel satisfiedBy shared
        needs { itemCode itemName materialId requirement reason }
      }
    }
  }
`

const APPLICATION_FIELDS = `
  id number channel signedName signedAt createdAt formUrl applicantName maskedIdNumber
  status { code label done total }
  bundle { code name }
  shared { code label value }
  progress { caseId number itemCode itemName departmentName status statusLabel updatedAt }
`

export const OPEN_APPLICATION = `
  mutation OpenApplication($input: OpenApplicationInput!) {
    openApplication(input: $input) {
      errors { code field message }
      application { ${APPLICATION_FIELDS} }
    }
  }
`

export const APPLICATION = `
  query Application($number: String!) { application(number: $number) { ${APPLICATION_FIELDS} } }
`

export const TRACK_APPLICATION = `
  query TrackApplication($number: String!, $idNumber: String!) {
    trackApplication(number: $number, idNumber: $idNumber) { ${APPLICATION_FIELDS} }
  }
`

export const APPLICATION_EVENTS = `
  subscription ApplicationEvents($number: String!, $idNumber: String, $after: Int) {
    applicationEvents(number: $number, idNumber: $idNumber, after: $after) {
      cursor kind at caseNumber itemName toStatus toStatusLabel actorName statusLabel
    }
  }
`

/** Upload one file for a material (checked by content on the hub); returns its fileId.
 *  `token`: the staff member's by default, the resident's when filing online. */
export async function uploadCaseFile(file, token = getToken()) {
  const headers = { 'Content-Type': file.type || 'application/octet-stream' }
  if (token) headers.Authorization = `Bearer ${token}`
  const response = await fetch(`/case-files?filename=${encodeURIComponent(file.name)}`, {
    method: 'POST', headers, body: file,
  })
  const body = await response.json().catch(() => ({}))
  if (!response.ok) throw new Error(body.error || `上传失败（${response.status}）`)
  return body.fileId
}

export function answerInputs(answers) {
  return Object.entries(answers).map(([question, v]) =>
    Array.isArray(v) ? { question, values: v } : { question, value: String(v) },
  )
}
