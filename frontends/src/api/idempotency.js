// One idempotency key per form submission (intakeCase, openApplication, bookAppointment,
// takeTicket send it as `idempotencyKey`): made on the first attempt, kept while that attempt's
// outcome is unknown (a network failure: the write may have committed, and a retry must not write
// it twice), dropped once the server has answered, so the next submission gets a new one.

function newKey() {
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID()
  // randomUUID needs a secure context; a kiosk on plain http still has getRandomValues
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** { get(): the key of the submission under way, done(): the server answered } */
export function submissionKey() {
  let key = null
  return {
    get: () => (key ||= newKey()),
    done: () => {
      key = null
    },
  }
}
