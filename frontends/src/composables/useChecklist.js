// The situation questions (情形问答) and tailored checklist (定制办事清单) of one item.
//
// The answers live in the URL as `?answers=` JSON — {questionCode: "value" | ["value", …]}, the
// format of the QR link on the one-time notice — so a reload, a shared link or the QR code shows
// the same checklist. Every change re-queries the hub (lightly debounced); answers to questions
// that disappear are dropped, every other answer is kept. Staff may add the applicant's checked ID
// number (never put in the URL): materials a valid electronic licence covers need not be brought.
import { onScopeDispose, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { gql } from '@/api/graphql'
import { CHECKLIST } from '@/api/queries'

const DEBOUNCE_MS = 200

/** The answers of a `?answers=` value; anything that is not a JSON object gives none. */
function parseAnswers(text) {
  try {
    const value = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {}
  } catch {
    return {}
  }
}

/** The one-time notice (一次性告知书) PDF for these answers. */
export function noticeHref(itemCode, answers) {
  return `/notice/${encodeURIComponent(itemCode)}.pdf?answers=${encodeURIComponent(JSON.stringify(answers))}`
}

function answerInputs(answers) {
  return Object.entries(answers).map(([question, v]) =>
    Array.isArray(v) ? { question, values: v } : { question, value: String(v) },
  )
}

function without(answers, codes) {
  return Object.fromEntries(Object.entries(answers).filter(([code]) => !codes.includes(code)))
}

// `inUrl: false` keeps the answers off the URL (the catalogue editor's preview: its route is the
// item being edited, not a resident's checklist).
export function useChecklist(itemCode, { token, inUrl = true } = {}) {
  const route = useRoute()
  const router = useRouter()

  const answers = ref(inUrl ? parseAnswers(route.query.answers) : {})
  const questions = shallowRef([]) // the questions to ask, as of the last valid answers
  const checklist = shallowRef(null) // null until loaded, and while an answer is invalid
  const errors = shallowRef([]) // [{ code, field, message }]: field is a question code
  const failure = ref(null) // the hub could not be reached
  const busy = ref(true) // the answers changed and the checklist is not recomputed yet
  let seq = 0
  let timer = null

  const applicantIdNumber = ref(null)

  async function fetchChecklist(given) {
    const data = await gql(CHECKLIST, {
      itemCode, answers: answerInputs(given), applicantIdNumber: applicantIdNumber.value,
    }, { token })
    return data.checklist
  }

  // The questions to show when none are on screen yet and an answer was rejected (a link with a
  // bad answer): those asked without the rejected answers, so the error can be shown at its question.
  async function questionsDespite(payload) {
    let rest = answers.value
    while (!payload.checklist) {
      const rejected = payload.errors.map((e) => e.field).filter((f) => f in rest)
      if (!rejected.length) return []
      rest = without(rest, rejected)
      payload = await fetchChecklist(rest)
    }
    return payload.checklist.questions
  }

  async function load() {
    const mine = ++seq
    busy.value = true
    try {
      const payload = await fetchChecklist(answers.value)
      const shown = payload.checklist || questions.value.length ? questions.value : await questionsDespite(payload)
      if (mine !== seq) return
      failure.value = null
      // An answer to a question the item does not ask (an old link) cannot be corrected: drop it.
      const orphans = payload.errors.map((e) => e.field).filter((f) => f in answers.value && !shown.some((q) => q.code === f))
      if (orphans.length) {
        answers.value = without(answers.value, orphans)
        return
      }
      errors.value = payload.errors
      checklist.value = payload.checklist
      if (!payload.checklist) {
        questions.value = shown
        busy.value = false
        return
      }
      questions.value = payload.checklist.questions
      // Answers to questions that the other answers now hide are dropped (the query re-runs).
      const hidden = Object.keys(answers.value).filter((code) => !questions.value.some((q) => q.code === code))
      if (hidden.length) answers.value = without(answers.value, hidden)
      else busy.value = false
    } catch (err) {
      if (mine !== seq) return
      failure.value = err
      busy.value = false
    }
  }

  /** Set one answer; an empty value ('' / null / []) removes it. */
  function setAnswer(code, value) {
    const empty = value == null || value === '' || (Array.isArray(value) && !value.length)
    answers.value = empty ? without(answers.value, [code]) : { ...answers.value, [code]: value }
  }

  function clearAnswers() {
    answers.value = {}
  }

  /** Identify the applicant (an ID number) or forget them (null); recomputes the checklist. */
  function setApplicant(idNumber) {
    applicantIdNumber.value = idNumber || null
    load()
  }

  watch(answers, (value) => {
    busy.value = true
    if (inUrl) {
      const query = { ...route.query, answers: Object.keys(value).length ? JSON.stringify(value) : undefined }
      router.replace({ path: route.path, query, hash: route.hash })
    }
    clearTimeout(timer)
    timer = setTimeout(load, DEBOUNCE_MS)
  })
  load()
  onScopeDispose(() => {
    clearTimeout(timer)
    seq++
  })

  return {
    answers, questions, checklist, errors, failure, busy, applicantIdNumber,
    setAnswer, clearAnswers, setApplicant, reload: load,
  }
}
