import { computed, nextTick, onBeforeUnmount, onMounted, ref, shallowRef, watch } from 'vue'
import { useRouter, onBeforeRouteLeave, onBeforeRouteUpdate } from 'vue-router'
import { ElMessage, ElMessageBox } from 'element-plus'
import { gql } from '@/api/graphql'
import { CATALOG_ITEM, CATALOG_REFERENCES, SAVE_CATALOG_ITEM } from '@/api/catalogAdmin'
import { blankItem, normalizeItem, documentForSave, draftProblems, suggestVariantCode } from '@/utils/catalogModel'

/**
 * The state of the 目录管理 item editor: loads the current version (or a blank item, or a copy
 * of a city item for a district variant), keeps the draft and whether it changed, publishes it
 * as a new version (with the hub's Chinese errors, and 载入最新版本 after a conflict), shows an
 * older version read-only and restores it, and asks before leaving with unsaved changes.
 *
 * `props`: { code ('new' for a new item), baseCode, cityAdmin, point }. `revealErrors()` is
 * called once the error list is rendered (to scroll it into view).
 */
export function useItemEditor(props, { revealErrors = () => {} } = {}) {
  const router = useRouter()

  const refs = shallowRef({ departments: [], lifeEvents: [], servicePoints: [], catalogEntries: [] })
  const loaded = shallowRef(null) // CatalogItemVersion of the current version (null for a new item)
  const draft = ref(null) // the document being edited
  const baseline = ref('') // JSON of the draft as loaded or last saved
  const loading = ref(false)
  const loadError = ref(null)
  const notFound = ref(false)
  const viewing = shallowRef(null) // { version, doc, author, note, createdAt }: a version shown read-only
  const tab = ref('basic')
  const note = ref('')
  const errors = ref([])
  const conflict = ref(false)
  const saving = ref(false)
  const saved = ref(null) // { version, revision } after a successful save
  let loadedKey = ''

  const isNew = computed(() => props.code === 'new')
  const entries = computed(() => refs.value.catalogEntries)
  const entryOf = (code) => entries.value.find((e) => e.code === code)
  const current = computed(() => (loaded.value ? entryOf(loaded.value.code) : null))
  // The city standard is the city's: a district administrator only reads it (and may derive a variant).
  const lockedCity = computed(() => !isNew.value && loaded.value?.standard === 'CITY' && !props.cityAdmin)
  const readonly = computed(() => Boolean(viewing.value) || lockedCity.value)
  const shown = computed(() => (viewing.value ? viewing.value.doc : draft.value))
  const dirty = computed(() => Boolean(draft.value) && JSON.stringify(draft.value) !== baseline.value)
  const existingVariant = computed(() => (loaded.value ? entries.value.find((e) => e.base === loaded.value.code) : null))
  const standardChoices = computed(() => {
    if (!isNew.value || props.baseCode) return []
    return props.cityAdmin ? ['CITY', 'DISTRICT_ONLY'] : ['DISTRICT_ONLY']
  })
  const baseName = computed(() => {
    const base = draft.value?.base
    return base ? entryOf(base)?.name || '' : ''
  })

  async function load(code = props.code, baseCode = props.baseCode) {
    loadedKey = `${code}|${baseCode}`
    loading.value = true
    loadError.value = null
    notFound.value = false
    viewing.value = null
    errors.value = []
    conflict.value = false
    try {
      const wanted = code === 'new' ? baseCode : code
      const [references, item] = await Promise.all([
        gql(CATALOG_REFERENCES),
        wanted ? gql(CATALOG_ITEM, { code: wanted }).then((d) => d.catalogItem) : Promise.resolve(null),
      ])
      refs.value = references
      let doc
      if (code === 'new') {
        loaded.value = null
        if (baseCode) {
          if (!item || item.standard !== 'CITY') throw new Error(`${baseCode} 不是全市统一标准事项，不能据此创建本区变体`)
          doc = normalizeItem(item.effective)
          doc.standard = 'DISTRICT_VARIANT'
          doc.base = item.code
          const taken = new Set(references.catalogEntries.map((e) => e.code))
          doc.code = suggestVariantCode(item.code, props.point.code, taken)
        } else {
          doc = blankItem(props.cityAdmin ? 'CITY' : 'DISTRICT_ONLY')
        }
      } else if (!item) {
        notFound.value = true
        loaded.value = null
        draft.value = null
        return
      } else {
        loaded.value = item
        const variant = item.standard === 'DISTRICT_VARIANT'
        doc = normalizeItem(variant ? item.effective : item.document)
        if (variant) {
          doc.standard = 'DISTRICT_VARIANT'
          doc.base = item.document.base
        }
      }
      draft.value = doc
      baseline.value = JSON.stringify(doc)
    } catch (err) {
      loadError.value = err
    } finally {
      loading.value = false
    }
  }

  watch(
    () => `${props.code}|${props.baseCode}`,
    (key) => {
      if (key === loadedKey) return
      saved.value = null
      note.value = ''
      tab.value = 'basic'
      load()
    },
  )
  load()

  // --- saving -------------------------------------------------------------------------------

  async function showErrors(list) {
    errors.value = list
    await nextTick()
    revealErrors()
  }

  async function save() {
    errors.value = []
    conflict.value = false
    saved.value = null
    const problems = draftProblems(draft.value)
    if (!note.value.trim()) problems.unshift('请填写修改说明（将记录在版本历史中）')
    if (problems.length) return showErrors(problems)
    const doc = documentForSave(draft.value)
    saving.value = true
    try {
      const data = await gql(SAVE_CATALOG_ITEM, {
        document: doc,
        expectedVersion: loaded.value ? loaded.value.version : null,
        note: note.value.trim(),
      })
      const result = data.saveCatalogItem
      if (result.errors.length) {
        conflict.value = result.errors.some((e) => e.code === 'CONFLICT')
        return showErrors(result.errors.map((e) => e.message))
      }
      if (!result.revision) {
        baseline.value = JSON.stringify(draft.value)
        ElMessage.info('内容与当前版本相同，没有产生新版本')
        return
      }
      baseline.value = JSON.stringify(draft.value) // published: leaving is safe now
      note.value = ''
      if (isNew.value) {
        loadedKey = `${doc.code}|`
        await router.replace({ name: 'admin-catalog-item', params: { code: doc.code } })
      }
      await load(doc.code, '')
      saved.value = { version: loaded.value?.version, revision: result.revision }
      ElMessage.success(`已保存并发布为第 ${saved.value.version} 版`)
    } catch (err) {
      showErrors(err.errors && err.errors.length ? err.errors.map((e) => e.message) : [err.message])
    } finally {
      saving.value = false
    }
  }

  async function reloadLatest() {
    try {
      await ElMessageBox.confirm('载入他人发布的最新版本后，您在此页的修改将丢失。确定载入吗？', '载入最新版本', {
        type: 'warning',
        confirmButtonText: '载入最新版本',
        cancelButtonText: '取消',
      })
    } catch {
      return
    }
    await load()
  }

  // --- versions -------------------------------------------------------------------------------

  async function viewVersion(version) {
    try {
      const v = (await gql(CATALOG_ITEM, { code: loaded.value.code, version })).catalogItem
      viewing.value = { version, doc: normalizeItem(v.effective), author: v.author, note: v.note, createdAt: v.createdAt }
      tab.value = 'basic'
      window.scrollTo({ top: 0, behavior: 'smooth' })
    } catch (err) {
      ElMessage.error(err.message)
    }
  }

  function restoreViewed() {
    const { doc, version } = viewing.value
    const copy = JSON.parse(JSON.stringify(doc))
    copy.code = draft.value.code
    copy.standard = draft.value.standard
    if (draft.value.base) copy.base = draft.value.base
    else delete copy.base
    draft.value = copy
    viewing.value = null
    note.value = `恢复为第 ${version} 版的内容`
    ElMessage.info(`已将第 ${version} 版的内容载入编辑区，保存后发布为新版本`)
  }

  function closeViewed() {
    viewing.value = null
  }

  function createVariant() {
    router.push({ name: 'admin-catalog-item', params: { code: 'new' }, query: { base: loaded.value.code } })
  }

  // --- leaving with unsaved changes -----------------------------------------------------------

  async function confirmLeave() {
    if (!dirty.value) return true
    try {
      await ElMessageBox.confirm('有未保存的修改，离开后将丢失。确定离开吗？', '未保存的修改', {
        type: 'warning',
        confirmButtonText: '放弃修改并离开',
        cancelButtonText: '留在此页',
      })
      return true
    } catch {
      return false
    }
  }
  onBeforeRouteLeave(confirmLeave)
  onBeforeRouteUpdate(confirmLeave)

  function onBeforeUnload(event) {
    if (!dirty.value) return
    event.preventDefault()
    event.returnValue = ''
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload))

  return {
    refs, loaded, draft, loading, loadError, notFound, viewing, tab, note, errors, conflict, saving, saved,
    isNew, current, lockedCity, readonly, shown, dirty, existingVariant, standardChoices, baseName,
    load, save, reloadLatest, viewVersion, restoreViewed, closeViewed, createVariant,
  }
}
