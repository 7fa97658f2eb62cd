// GraphQL documents of case tracking (办件查询), issuance (出件), ratings (好差评) and
// rectification (差评整改).

export const TRACK_FIELDS = `
  id number itemName status statusLabel channelLabel applicantName maskedIdNumber
  submittedAt acceptedAt dueOn dueProvisional paused pausedWorkdays overdue supplementRound
  decisionNote decidedAt issueMethod issuedAt eventCursor
  servicePoint { name }
  finishPoint { name centreName }
  department { name }
  application { number bundleName status { code label } }
  materials { id name statusLabel status annotations { id round kind kindLabel text } }
  supplements { round note requestedAt fulfilledAt }
  progress { id at action actionLabel fromStatus toStatus actorName channel servicePointName detail }
  issuance { method methodLabel issuedAt recipientName courier trackingNumber address delivererName delivered confirmedAt byAgent }
  evaluation { level label comment createdAt rectificationStatusLabel }
  relatedOffers { id itemCode itemName reason state stateLabel takenCaseNumber online }
`

export const TRACK_CASE = `
  query TrackCase($number: String!, $idNumber: String!) {
    trackCase(number: $number, idNumber: $idNumber) { ${TRACK_FIELDS} }
  }
`

// The applicant's own case (logged in): also the files handed in and where the annotations'
// boxes are, so that a supplement can be handed in online against the old images.
export const CASE_BY_ID = `
  query CaseById($id: ID!) {
    case(id: $id) {
      ${TRACK_FIELDS}
      version
      materials {
        id formLabel reason
        files { id filename contentType size round url }
        annotations { id round kind kindLabel text fileId box }
      }
    }
  }
`

export const SUPPLEMENT_ONLINE = `
  mutation SupplementOnline($id: ID!, $version: Int!, $files: [SupplementFilesInput!]!, $channel: CaseChannel!) {
    supplementCase(caseId: $id, version: $version, files: $files, channel: $channel) {
      case { id status statusLabel version }
      errors { code field message }
    }
  }
`

export const MY_CASES = `
  query MyCases { myCases(first: 50) { id number itemName statusLabel status submittedAt dueOn } }
`

export const ME_CITIZEN = `query MeCitizen { meCitizen { name maskedIdNumber } }`

export const CITIZEN_LOGIN = `
  mutation CitizenLogin($idNumber: String!, $password: String!) {
    citizenLogin(idNumber: $idNumber, password: $password) {
      token expiresAt citizen { name maskedIdNumber } errors { code field message }
    }
  }
`

export const REGISTER_CITIZEN = `
  mutation RegisterCitizen($input: RegisterCitizenInput!) {
    registerCitizen(input: $input) {
      token expiresAt citizen { name maskedIdNumber } errors { code field message }
    }
  }
`

export const CASE_EVENTS = `
  subscription CaseEvents($caseId: ID, $number: String, $idNumber: String, $after: Int) {
    caseEvents(caseId: $caseId, number: $number, idNumber: $idNumber, after: $after) {
      cursor kind action actionLabel status statusLabel actorName at
    }
  }
`

export const EVALUATE_CASE = `
  mutation EvaluateCase($input: EvaluateCaseInput!) {
    evaluateCase(input: $input) {
      rectificationDueOn
      evaluation { level label comment createdAt rectificationStatusLabel }
      errors { code field message }
    }
  }
`

export const RATE_TICKET = `
  mutation RateTicket($input: RateTicketInput!) {
    rateTicket(input: $input) {
      rectificationDueOn
      evaluation { level label comment createdAt rectificationStatusLabel }
      errors { code field message }
    }
  }
`

const QUEUE_FIELDS = `
  id number itemName applicantName maskedIdNumber contactPhone decidedAt decisionNote
  issueMethod deliveryAddress version department { name }
`

export const ISSUANCE_QUEUE = `
  query IssuanceQueue($idNumber: String, $keyword: String) {
    issuanceQueue(idNumber: $idNumber, keyword: $keyword) { ${QUEUE_FIELDS} }
  }
`

export const GRID_WORKERS = `
  query GridWorkers($caseId: ID!) { gridWorkers(caseId: $caseId) { id name servicePointName } }
`

export const ISSUE_CASE = `
  mutation IssueCase($input: IssueCaseInput!) {
    issueCase(input: $input) {
      case { id number statusLabel issuance { methodLabel recipientName courier trackingNumber delivererName } }
      errors { code field message }
    }
  }
`

export const MY_DELIVERIES = `
  query MyDeliveries($pendingOnly: Boolean!) {
    myDeliveries(pendingOnly: $pendingOnly) {
      caseId caseNumber itemName applicantName contactPhone address issuedAt issuedBy confirmedAt recipientName
    }
  }
`

export const CONFIRM_DELIVERY = `
  mutation ConfirmDelivery($caseId: ID!, $signedName: String!) {
    confirmDelivery(caseId: $caseId, signedName: $signedName) {
      case { id issuance { delivered recipientName confirmedAt } }
      errors { code field message }
    }
  }
`

const RECT_FIELDS = `
  id status statusLabel dueOn overdue createdAt servicePointName assignedTo level levelLabel comment
  channel ratedStaff caseId caseNumber itemName applicantName contactPhone ticketNumber measures
  callbackAt callbackNote callbackResult callbackResultLabel closedAt closedBy
`

export const RECTIFICATIONS = `
  query Rectifications($openOnly: Boolean!, $overdueOnly: Boolean!) {
    rectifications(openOnly: $openOnly, overdueOnly: $overdueOnly) { ${RECT_FIELDS} }
  }
`

export const UPDATE_RECTIFICATION = `
  mutation UpdateRectification($input: RectificationInput!) {
    updateRectification(input: $input) { rectification { ${RECT_FIELDS} } errors { code field message } }
  }
`

export const CLOSE_RECTIFICATION = `
  mutation CloseRectification($input: RectificationInput!) {
    closeRectification(input: $input) { rectification { ${RECT_FIELDS} } errors { code field message } }
  }
`

export const RATING_LEVELS = [
  { level: 5, label: '非常满意', face: '★★★★★' },
  { level: 4, label: '满意', face: '★★★★' },
  { level: 3, label: '基本满意', face: '★★★' },
  { level: 2, label: '不满意', face: '★★' },
  { level: 1, label: '非常不满意', face: '★' },
]

export const CALLBACK_RESULTS = [
  { value: 'SATISFIED', label: '回访满意' },
  { value: 'ACCEPTED', label: '回访基本认可' },
  { value: 'UNSATISFIED', label: '回访仍不满意' },
  { value: 'UNREACHABLE', label: '多次联系未接通' },
]
