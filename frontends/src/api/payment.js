// GraphQL documents of 统一支付: a case's fees and orders, 去缴费 / 展示收款码, the resident's cases
// with fees, the administrator's reconciliation and the dashboard's fee totals.

const ORDER = `id number status statusLabel amount amountText payerName codeUrl codeQr createdAt expiresAt
  paidAt receiptNumber receiptUrl refundUrl lines { name amountText basis }`
const PAYMENT = `caseId caseNumber itemName applicantName payable payableText settled
  fees { code name amountText dueLabel basis waived waiver }
  orders { ${ORDER} }`

export const CASE_PAYMENT = `
  query CasePayment($id: ID!) { casePayment(caseId: $id) { ${PAYMENT} } }
`

// which of the resident's cases carry a fee (each case's panel then loads its own payment)
export const MY_CASE_PAYMENTS = `
  query MyCasePayments { myCasePayments { caseId settled } }
`

export const PAY_CASE = `
  mutation PayCase($id: ID!, $channel: String!) {
    payCase(caseId: $id, channel: $channel) { order { ${ORDER} } errors { code field message } }
  }
`

const DIFF = 'id day kind kindLabel entryLabel reference hubAmount platformAmount foundAt resolvedAt resolvedBy note'

export const STATEMENT_DIFFS = `
  query StatementDiffs($unresolvedOnly: Boolean!) { statementDiffs(unresolvedOnly: $unresolvedOnly) { ${DIFF} } }
`

export const RECONCILE_STATEMENT = `
  mutation ReconcileStatement($day: Date!) {
    reconcileStatement(day: $day) { differences { ${DIFF} } errors { code field message } }
  }
`

export const RESOLVE_STATEMENT_DIFF = `
  mutation ResolveStatementDiff($id: ID!, $note: String!) {
    resolveStatementDiff(id: $id, note: $note) { difference { ${DIFF} } errors { code field message } }
  }
`

export const FEE_TOTALS = `
  query FeeTotals($start: Date!, $end: Date!) {
    feeTotals(start: $start, end: $end) { department itemCode itemName paidCount collected refundedCount refunded }
  }
`

/** 2000 → "20.00" (fen to yuan, no rounding). */
export function yuan(fen) {
  if (fen === null || fen === undefined) return '—'
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

// The counter's customer-facing screen (/counter/pay) is a second window of the same browser on
// the second monitor: the workbench tells it which case to show on this channel.
export const SCREEN_CHANNEL = 'owh-counter-pay'

export function showOnCustomerScreen(caseId) {
  try {
    const channel = new BroadcastChannel(SCREEN_CHANNEL)
    channel.postMessage({ caseId: String(caseId) })
    channel.close()
  } catch {
    /* no BroadcastChannel: the screen is opened with ?case= below */
  }
  try {
    localStorage.setItem('owh.counterPayCase', String(caseId))
  } catch {
    /* ignore */
  }
}
