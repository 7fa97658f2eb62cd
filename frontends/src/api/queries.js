// GraphQL documents used by the pages. Field names follow the hub's contract.

const STAFF_FIELDS = `
  id
  username
  name
  roles
  roleLabels
  servicePoint { code name centreName levelLabel }
  department { code name shortName }
`

export const ME = `
  query Me {
    me { ${STAFF_FIELDS} }
  }
`

export const LOGIN = `
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      token
      expiresAt
      staff { ${STAFF_FIELDS} }
      errors { code field message }
    }
  }
`

export const CHANGE_PASSWORD = `
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      ok
      errors { code field message }
    }
  }
`

export const CATALOG_FACETS = `
  query CatalogFacets {
    departments { code name shortName itemCount }
    lifeEvents { code name description itemCount }
  }
`

export const DEPARTMENTS = `
  query Departments {
    departments { code name shortName itemCount }
  }
`

export const LIFE_EVENTS = `
  query LifeEvents {
    lifeEvents { code name description itemCount }
  }
`

export const CATALOG_SUMMARY = `
  query CatalogSummary {
    departments { code }
    lifeEvents { code }
    items(first: 1) { totalCount }
  }
`

// Fields shown in item lists (guide table, mobile list, kiosk list).
const ITEM_LIST_FIELDS = `
  code
  name
  summary
  kind
  kindLabel
  timeLimitLabel
  promisedTimeLimitDays
  acceptScope
  acceptScopeLabel
  department { code name shortName }
  channels { counter pc mobile kiosk }
`

export const ITEMS = `
  query Items($first: Int, $after: String, $filter: ItemFilter) {
    items(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ${ITEM_LIST_FIELDS} } }
    }
  }
`

// Only the cursors: used to walk forward to a page that has not been visited yet.
export const ITEM_CURSORS = `
  query ItemCursors($first: Int, $after: String, $filter: ItemFilter) {
    items(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
    }
  }
`

export const ITEM = `
  query Item($code: String!) {
    item(code: $code) {
      code
      name
      summary
      keywords
      kind
      kindLabel
      department { code name shortName }
      decisionLevel
      decisionLevelLabel
      scope
      acceptingAgency
      decidingAgency
      legalTimeLimitDays
      promisedTimeLimitDays
      timeLimitLabel
      fee
      feeBasis
      channels { counter pc mobile kiosk }
      acceptScope
      acceptScopeLabel
      acceptingPoints { code name centreName levelLabel address phone hours }
      standard
      standardLabel
      lifeEvents { code name }
      materials { id name form formLabel count requirement requirementLabel conditional note }
      version
    }
  }
`

// Situation questions and the tailored checklist of one item for the answers given so far.
export const CHECKLIST = `
  query Checklist($itemCode: String!, $answers: [AnswerInput!], $applicantIdNumber: String) {
    checklist(itemCode: $itemCode, answers: $answers, applicantIdNumber: $applicantIdNumber) {
      checklist {
        complete
        version
        applicant { registered name idNumberMasked licences }
        questions { code text help kind options { value label } required shownWhen }
        answers { question text }
        missing { code text }
        lines { materialId name formLabel count requirement requirementLabel note reason satisfiedBy }
      }
      errors { code field message }
    }
  }
`
