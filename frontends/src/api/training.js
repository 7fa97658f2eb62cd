// GraphQL documents of training: the phone's exam, the QR page, certificates and their
// public verification, and the administrators' question bank and exams.

const SCOPE = 'scope { label queueCategories departmentCodes }'

const VERIFICATION_FIELDS = `
  code maskedName examTitle ${SCOPE} issuedOn validUntil status statusLabel
`

const PAPER_FIELDS = `
  attemptId examTitle candidateName status statusLabel startedAt deadline serverTime remainingSeconds
  parts { name questionCount passPercent }
  questions { index part type typeLabel text options { key text } chosen }
  result {
    passed timedOut submittedAt
    parts { name correct total percent passPercent passed }
    review { index part type typeLabel text options { key text } chosen answer correct explanation }
    certificate { ${VERIFICATION_FIELDS} }
  }
`

export const EXAM_LINK_PREVIEW = `
  query ExamLinkPreview($token: String!) {
    examLinkPreview(token: $token) {
      preview {
        examTitle description timeLimitMinutes maxAttempts linkExpiresAt
        parts { name questionCount passPercent }
        candidateName username maskedPhone servicePointName
      }
      errors { code field message }
    }
  }
`

export const START_EXAM = `
  mutation StartExam($token: String!) {
    startExam(token: $token) {
      sessionToken
      paper { ${PAPER_FIELDS} }
      errors { code field message }
    }
  }
`

export const EXAM_PAPER = `
  query ExamPaper($sessionToken: String!) {
    examPaper(sessionToken: $sessionToken) { ${PAPER_FIELDS} }
  }
`

export const SAVE_EXAM_ANSWERS = `
  mutation SaveExamAnswers($sessionToken: String!, $answers: [ExamAnswerInput!]!) {
    saveExamAnswers(sessionToken: $sessionToken, answers: $answers) {
      saved remainingSeconds
      errors { code field message }
    }
  }
`

export const SUBMIT_EXAM = `
  mutation SubmitExam($sessionToken: String!, $answers: [ExamAnswerInput!]) {
    submitExam(sessionToken: $sessionToken, answers: $answers) {
      paper { ${PAPER_FIELDS} }
      errors { code field message }
    }
  }
`

export const VERIFY_CERTIFICATE = `
  query VerifyCertificate($code: String!) {
    verifyCertificate(code: $code) { ${VERIFICATION_FIELDS} }
  }
`

const EXAM_FIELDS = `
  code title description timeLimitMinutes maxAttempts cooldownMinutes linkValidMinutes active
  ${SCOPE}
  parts { name category departmentCode tags questionCount passPercent }
`

export const EXAMS = `
  query Exams($includeInactive: Boolean!) {
    exams(includeInactive: $includeInactive) { ${EXAM_FIELDS} }
  }
`

export const STAFF_MEMBERS = `
  query StaffMembers($first: Int!, $after: String) {
    staffMembers(first: $first, after: $after) {
      edges { node { id username name roles roleLabels servicePoint { code name } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`

export const OPEN_EXAM_SESSION = `
  mutation OpenExamSession($input: OpenExamSessionInput!) {
    openExamSession(input: $input) {
      session { attemptId staffName examTitle token url qrDataUrl expiresAt urlWarning }
      errors { code field message }
    }
  }
`

const CERTIFICATE_FIELDS = `
  code holderName examTitle ${SCOPE} issuedOn validUntil daysLeft status statusLabel
  revokedReason revokedAt verifyUrl qrDataUrl
`

export const TRAINING_RECORD = `
  query TrainingRecord($staffId: ID!) {
    examAttempts(staffId: $staffId) {
      id examTitle status statusLabel attemptNumber createdAt startedAt deadline submittedAt timedOut passed
      parts { name correct total percent passPercent passed }
    }
    certificates(staffId: $staffId) { ${CERTIFICATE_FIELDS} }
  }
`

export const EXPIRING_CERTIFICATES = `
  query ExpiringCertificates($days: Int!, $first: Int!, $after: String) {
    expiringCertificates(days: $days, first: $first, after: $after) {
      edges { node { ${CERTIFICATE_FIELDS} holder { id name servicePoint { name } } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`

export const REVOKE_CERTIFICATE = `
  mutation RevokeCertificate($code: String!, $reason: String!) {
    revokeCertificate(code: $code, reason: $reason) {
      certificate { code status statusLabel revokedReason }
      errors { code field message }
    }
  }
`

const QUESTION_FIELDS = `
  code category categoryLabel departmentCode type typeLabel text options { key text } answer tags
  explanation difficulty active updatedAt
`

export const EXAM_QUESTIONS = `
  query ExamQuestions($first: Int!, $after: String, $filter: ExamQuestionFilter) {
    examQuestions(first: $first, after: $after, filter: $filter) {
      edges { node { ${QUESTION_FIELDS} } }
      pageInfo { hasNextPage endCursor }
    }
    departments { code name shortName }
  }
`

export const CREATE_EXAM_QUESTION = `
  mutation CreateExamQuestion($input: ExamQuestionInput!) {
    createExamQuestion(input: $input) {
      question { ${QUESTION_FIELDS} }
      errors { code field message }
    }
  }
`

export const UPDATE_EXAM_QUESTION = `
  mutation UpdateExamQuestion($code: String!, $input: ExamQuestionInput!) {
    updateExamQuestion(code: $code, input: $input) {
      question { ${QUESTION_FIELDS} }
      errors { code field message }
    }
  }
`

export const SET_EXAM_QUESTION_ACTIVE = `
  mutation SetExamQuestionActive($code: String!, $active: Boolean!) {
    setExamQuestionActive(code: $code, active: $active) {
      question { code active }
      errors { code field message }
    }
  }
`

export const IMPORT_EXAM_QUESTIONS = `
  mutation ImportExamQuestions($content: String!) {
    importExamQuestions(content: $content) {
      created updated unchanged
      errors { code field message }
    }
  }
`

export const EXAM_QUESTION_BANK_EXPORT = `
  query ExamQuestionBankExport {
    examQuestionBankExport
  }
`

export const SAVE_EXAM = `
  mutation SaveExam($input: ExamInput!) {
    saveExam(input: $input) {
      exam { ${EXAM_FIELDS} }
      errors { code field message }
    }
  }
`

export const DEPARTMENTS_SHORT = `
  query DepartmentsShort {
    departments { code name shortName }
  }
`
