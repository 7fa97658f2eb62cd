import { computed, onBeforeUnmount, onMounted, reactive, ref } from 'vue'
import { gql } from '@/api/graphql'
import { EXAM_LINK_PREVIEW, EXAM_PAPER, SAVE_EXAM_ANSWERS, START_EXAM, SUBMIT_EXAM } from '@/api/training'
import { examStore, forgetOldSessions } from '@/utils/examStorage'

const RETRY_MS = 5000

const TITLES = {
  LINK_USED: '该考试链接已使用',
  LINK_EXPIRED: '该考试链接已过期',
  LINK_INVALID: '考试链接无效',
  SESSION_INVALID: '考试会话已失效',
  IN_PROGRESS: '已有考试正在进行',
  ATTEMPTS_EXHAUSTED: '考试次数已用完',
  COOLING_DOWN: '暂不能再次考试',
  NOT_FOUND: '考试不存在',
}

/**
 * One QR exam on the phone (no login). A fresh link first shows who it is for and the rules
 * (examLinkPreview, which redeems nothing: phase `ready`); 确认身份，开始考试 (`begin`) redeems
 * it once with startExam, and only then does the server draw the paper and start the clock. The session
 * token it returns is kept on the phone under the link, so a reload — or the link opened again
 * on the same phone — shows the same paper with the saved answers. Every choice is saved at
 * once (unsaved ones wait in storage and are retried, also when the phone comes back online);
 * the countdown follows the server's deadline; at the deadline the paper is asked for again,
 * and the hub answers with the result.
 *
 * `phase`: loading | failed | ready | running | result. `failure`: { kind, title, message, retry }.
 */
export function useExamSession(token) {
  const store = examStore(token)
  const phase = ref('loading')
  const failure = ref(null)
  const paper = ref(null)
  const preview = ref(null) // the start screen: candidate and rules
  const beginning = ref(false)
  const answers = reactive({}) // question index → chosen letters
  const pending = reactive(store.readPending()) // answers not yet confirmed by the server
  const saving = ref(false)
  const offline = ref(false)
  const submitting = ref(false)
  const notice = ref('') // e.g. time over
  const remaining = ref(0)
  let offset = 0 // server clock − local clock, ms
  let ticker = null
  let retryTimer = null
  let timeUpHandled = false

  function fail(code, message, retry = null) {
    failure.value = { kind: code, title: TITLES[code] || '无法进入考试', message, retry }
    phase.value = 'failed'
  }

  function networkFailure(err, retry) {
    if (err && err.network) {
      fail('NETWORK', '网络连接失败，请检查手机网络后点击“重试”。', retry)
      failure.value.title = '网络异常'
    } else {
      fail('ERROR', err && err.message ? err.message : String(err), retry)
    }
  }

  function show(p) {
    paper.value = p
    offset = Date.parse(p.serverTime) - Date.now()
    if (p.result) {
      phase.value = 'result'
      stopTimers()
      store.clearPending()
      for (const k of Object.keys(pending)) delete pending[k]
      return
    }
    for (const q of p.questions) answers[q.index] = pending[q.index] ?? q.chosen
    phase.value = 'running'
    tick()
    if (!ticker) ticker = setInterval(tick, 1000)
    if (Object.keys(pending).length) flush()
  }

  async function load() {
    phase.value = 'loading'
    const session = store.sessionToken()
    try {
      if (session) {
        show((await gql(EXAM_PAPER, { sessionToken: session })).examPaper)
        return
      }
      const found = (await gql(EXAM_LINK_PREVIEW, { token })).examLinkPreview
      if (found.errors.length) {
        fail(found.errors[0].code, found.errors.map((x) => x.message).join('；'))
        return
      }
      preview.value = found.preview
      phase.value = 'ready'
    } catch (err) {
      if (session && !err.network) {
        // A session the hub no longer knows: forget it, so that 重试 redeems the link afresh.
        store.forgetSession()
        fail('SESSION_INVALID', err.message, load)
        return
      }
      networkFailure(err, load)
    }
  }

  /** 确认身份，开始考试: redeem the link; the server draws the paper and starts the clock now. */
  async function begin() {
    if (beginning.value) return
    beginning.value = true
    try {
      const payload = (await gql(START_EXAM, { token })).startExam
      if (payload.errors.length) {
        const e = payload.errors[0]
        fail(e.code, payload.errors.map((x) => x.message).join('；'))
        return
      }
      store.keepSession(payload.sessionToken)
      show(payload.paper)
      window.scrollTo(0, 0)
    } catch (err) {
      networkFailure(err, begin)
    } finally {
      beginning.value = false
    }
  }

  function tick() {
    if (!paper.value) return
    const left = (Date.parse(paper.value.deadline) - (Date.now() + offset)) / 1000
    remaining.value = Math.max(0, Math.ceil(left))
    if (left <= 0 && phase.value === 'running' && !timeUpHandled) {
      timeUpHandled = true
      timeUp()
    }
  }

  async function timeUp() {
    await flush()
    await reloadPaper()
    // The phone's clock may run a moment ahead of the server's: ask again shortly.
    if (phase.value === 'running') setTimeout(() => (timeUpHandled = false), 2000)
  }

  async function reloadPaper() {
    try {
      show((await gql(EXAM_PAPER, { sessionToken: store.sessionToken() })).examPaper)
    } catch (err) {
      networkFailure(err, reloadPaper)
    }
  }

  function stopTimers() {
    clearInterval(ticker)
    ticker = null
    clearTimeout(retryTimer)
    retryTimer = null
  }

  const questions = computed(() => paper.value?.questions || [])
  const sections = computed(() => {
    if (!paper.value) return []
    return paper.value.parts.map((part) => ({
      ...part,
      questions: questions.value.filter((q) => q.part === part.name),
    }))
  })
  const answeredCount = computed(() => questions.value.filter((q) => (answers[q.index] || []).length).length)
  const unanswered = computed(() => questions.value.filter((q) => !(answers[q.index] || []).length))
  const lowTime = computed(() => remaining.value <= 300)

  /** Tick or untick an option (one letter for single choice and 是/否) and save it at once. */
  function choose(q, key) {
    if (phase.value !== 'running' || submitting.value) return
    let next
    if (q.type === 'MULTIPLE') {
      const current = answers[q.index] || []
      next = current.includes(key) ? current.filter((k) => k !== key) : [...current, key].sort()
    } else {
      next = [key]
    }
    answers[q.index] = next
    pending[q.index] = next
    store.writePending(pending)
    flush()
  }

  async function flush() {
    clearTimeout(retryTimer)
    retryTimer = null
    if (saving.value || phase.value !== 'running') return
    const batch = Object.entries(pending).map(([index, choices]) => ({ index: Number(index), choices }))
    if (!batch.length) return
    saving.value = true
    try {
      const payload = (await gql(SAVE_EXAM_ANSWERS, { sessionToken: store.sessionToken(), answers: batch })).saveExamAnswers
      offline.value = false
      if (payload.errors.length) {
        const code = payload.errors[0].code
        if (code === 'TIME_UP' || code === 'ALREADY_SUBMITTED') {
          notice.value = payload.errors[0].message
          timeUpHandled = true
          await reloadPaper()
          return
        }
        fail(code, payload.errors.map((e) => e.message).join('；'), load)
        return
      }
      for (const { index, choices } of batch) {
        if (JSON.stringify(pending[index]) === JSON.stringify(choices)) delete pending[index]
      }
      store.writePending(pending)
      offset = Date.parse(paper.value.deadline) - payload.remainingSeconds * 1000 - Date.now()
    } catch (err) {
      if (!err.network) {
        fail('ERROR', err.message, load)
        return
      }
      offline.value = true
    } finally {
      saving.value = false
    }
    if (Object.keys(pending).length && phase.value === 'running') {
      retryTimer = setTimeout(flush, offline.value ? RETRY_MS : 0)
    }
  }

  /**
   * Hand the paper in with every answer (unanswered ones count as wrong). Resolves to
   * 'network' when the hub could not be reached (the answers stay on the phone).
   */
  async function submit() {
    submitting.value = true
    const all = questions.value.map((q) => ({ index: q.index, choices: answers[q.index] || [] }))
    try {
      const payload = (await gql(SUBMIT_EXAM, { sessionToken: store.sessionToken(), answers: all })).submitExam
      if (payload.errors.length) {
        const code = payload.errors[0].code
        if (code === 'ALREADY_SUBMITTED') {
          await reloadPaper()
          return 'done'
        }
        fail(code, payload.errors.map((e) => e.message).join('；'), load)
        return 'failed'
      }
      show(payload.paper)
      window.scrollTo(0, 0)
      return 'done'
    } catch (err) {
      if (err.network) {
        offline.value = true
        return 'network'
      }
      fail('ERROR', err.message, load)
      return 'failed'
    } finally {
      submitting.value = false
    }
  }

  const result = computed(() => paper.value?.result || null)
  const reviewSections = computed(() => {
    if (!result.value) return []
    return paper.value.parts.map((part, i) => ({
      ...part,
      score: result.value.parts[i],
      questions: result.value.review.filter((q) => q.part === part.name),
    }))
  })

  function onOnline() {
    if (phase.value === 'running') flush()
  }

  onMounted(() => {
    forgetOldSessions()
    load()
    window.addEventListener('online', onOnline)
  })
  onBeforeUnmount(() => {
    stopTimers()
    window.removeEventListener('online', onOnline)
  })

  return {
    phase, failure, paper, preview, beginning, answers, pending, offline, submitting, notice, remaining,
    questions, sections, answeredCount, unanswered, lowTime, result, reviewSections,
    choose, submit, begin,
  }
}
