import { computed, onBeforeUnmount, reactive, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { gql, subscribe } from '@/api/graphql'
import { HALL_EVENTS } from '@/api/queue'
import { DEPARTMENTS, OVERVIEW, PEAKS, QUALITY, REGIONS, STAFFING, TIMES_BY, TODAY, TRENDS } from '@/api/analytics'

const MAX_LIVE_HALLS = 10
const POLL_MS = 30000

function isoDay(d) {
  const s = new Date(d.getTime() + 8 * 3600 * 1000) // Asia/Shanghai
  return s.toISOString().slice(0, 10)
}
function daysAgo(n) {
  return isoDay(new Date(Date.now() - n * 86400 * 1000))
}

/**
 * The state of 管理驾驶舱: the filter (region, service point, department, item, date range), the
 * staffing threshold, the trend granularity and the tab, all kept in the URL; every section's
 * figures, reloaded whenever the filter changes (a late answer to an older filter is dropped);
 * today's figures, refreshed on the hall events of the points in view (at most ten followed)
 * and every 30 s; the drill-down trail (kept in sessionStorage) and its moves.
 */
export function useDashboard({ days = 364, granularity: defaultGranularity = 'MONTH' } = {}) {
  const route = useRoute()
  const router = useRouter()

  // ------------------------------------------------------------ filter (kept in the URL) ----
  const q = route.query
  const filter = reactive({
    regionCode: q.region || null,
    servicePointCode: q.point || null,
    departmentCode: q.dept || null,
    itemCode: q.item || null,
    range: [q.from || daysAgo(days), q.to || daysAgo(0)],
  })
  const threshold = ref(Number(q.threshold) || 60)
  const granularity = ref(q.g || defaultGranularity)
  const tab = ref(q.tab || 'overview')

  const variables = computed(() => ({
    f: {
      regionCode: filter.regionCode,
      servicePointCode: filter.servicePointCode,
      departmentCode: filter.departmentCode,
      itemCode: filter.itemCode,
      dateFrom: filter.range?.[0] || null,
      dateTo: filter.range?.[1] || null,
    },
  }))

  // ------------------------------------------------------------ data ----
  const overview = ref(null)
  const today = ref(null)
  const trends = ref(null)
  const peaks = ref(null)
  const regions = ref(null)
  const times = ref(null)
  const quality = ref(null)
  const staffing = ref(null)
  const departments = ref([])
  const error = ref('')
  const loading = ref(false)
  const live = ref(false)

  async function run(query, extra = {}) {
    return (await gql(query, { ...variables.value, ...extra })).analytics
  }

  let generation = 0
  async function loadAll() {
    const mine = ++generation
    loading.value = true
    error.value = ''
    try {
      const [o, t, tr, pk, rg, tm, ql, st] = await Promise.all([
        run(OVERVIEW), run(TODAY), run(TRENDS, { g: granularity.value }), run(PEAKS), run(REGIONS),
        run(TIMES_BY), run(QUALITY), run(STAFFING, { threshold: threshold.value }),
      ])
      if (mine !== generation) return
      overview.value = o
      today.value = t.today
      trends.value = tr
      peaks.value = pk
      regions.value = rg
      times.value = tm
      quality.value = ql
      staffing.value = st
      followHalls(o.livePoints)
    } catch (e) {
      if (mine === generation) error.value = e.message
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  async function reloadToday() {
    try {
      today.value = (await run(TODAY)).today
    } catch {
      /* keep the last figures; the next event or poll tries again */
    }
  }

  // ------------------------------------------------------------ live: hall events + poll ----
  let stops = []
  let debounce = null
  function followHalls(codes) {
    stops.forEach((s) => s())
    stops = []
    live.value = false
    for (const code of (codes || []).slice(0, MAX_LIVE_HALLS)) {
      stops.push(subscribe(HALL_EVENTS, { code, after: null }, {
        onData: () => {
          live.value = true
          clearTimeout(debounce)
          debounce = setTimeout(reloadToday, 1500)
        },
      }))
    }
    live.value = stops.length > 0
  }
  const poll = setInterval(reloadToday, POLL_MS)
  onBeforeUnmount(() => {
    clearInterval(poll)
    clearTimeout(debounce)
    stops.forEach((s) => s())
  })

  watch(
    () => [variables.value, threshold.value, granularity.value],
    () => {
      router.replace({
        query: {
          region: filter.regionCode || undefined, point: filter.servicePointCode || undefined,
          dept: filter.departmentCode || undefined, item: filter.itemCode || undefined,
          from: filter.range?.[0], to: filter.range?.[1], threshold: threshold.value,
          g: granularity.value, tab: tab.value,
        },
      })
      loadAll()
    },
    { deep: true, immediate: true },
  )
  watch(tab, (t) => router.replace({ query: { ...route.query, tab: t } }))
  gql(DEPARTMENTS).then((d) => (departments.value = d.departments)).catch(() => {})

  // ------------------------------------------------------------ drill-down ----
  const scope = computed(() => overview.value?.scope)
  const trail = ref(JSON.parse(sessionStorage.getItem('owh.dash.trail') || '[]'))
  watch(scope, (s) => {
    if (!s) return
    const i = trail.value.findIndex((c) => c.code === s.regionCode)
    trail.value = i >= 0 ? trail.value.slice(0, i + 1) : (s.parentCode && trail.value.length && trail.value[trail.value.length - 1].code === s.parentCode
      ? [...trail.value, { code: s.regionCode, name: s.regionName }]
      : [{ code: s.regionCode, name: s.regionName }])
    sessionStorage.setItem('owh.dash.trail', JSON.stringify(trail.value))
  })

  /** A region row: its own centre opens its windows, a child region opens its subtree. */
  function drill(row) {
    if (row.isSelf) {
      filter.servicePointCode = row.code
    } else {
      filter.servicePointCode = null
      filter.regionCode = row.code
    }
  }
  function goRegion(code) {
    filter.servicePointCode = null
    filter.regionCode = code
  }
  function up() {
    if (filter.servicePointCode) filter.servicePointCode = null
    else if (scope.value?.parentCode) filter.regionCode = scope.value.parentCode
  }
  function resetFilters() {
    Object.assign(filter, { regionCode: null, servicePointCode: null, departmentCode: null, itemCode: null,
      range: [daysAgo(days), daysAgo(0)] })
  }
  const atWindows = computed(() => !!filter.servicePointCode
    || (regions.value && regions.value.regions.length <= 1 && !regions.value.regions.some((r) => r.hasChildren)))

  const rangeText = computed(() => (scope.value ? `${scope.value.dateFrom} 至 ${scope.value.dateTo}` : ''))
  const fileTag = computed(() => `${scope.value?.servicePointName || scope.value?.regionName || ''}-${rangeText.value.replace(' 至 ', '_')}`)
  const itemOptions = computed(() => trends.value?.items || [])

  return {
    filter, threshold, granularity, tab,
    overview, today, trends, peaks, regions, times, quality, staffing, departments, error, loading, live,
    scope, trail, drill, goRegion, up, resetFilters, atWindows, rangeText, fileTag, itemOptions,
  }
}
