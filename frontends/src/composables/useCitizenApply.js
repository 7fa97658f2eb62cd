// The frame of a resident's online application page (网上申报, 一件事联办): PC or phone, a login
// first (else to the resident login, and back here afterwards), then the page's own `load()`
// with its loading and error state.
import { computed, onMounted, ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { ensureCitizen } from '@/stores/citizen'

export function useCitizenApply(props, load) {
  const route = useRoute()
  const router = useRouter()
  const mobile = computed(() => props.variant === 'mobile')
  const error = ref(null)
  const loading = ref(true)
  const myCasesPath = computed(() => (mobile.value ? '/m/my/cases' : '/my/cases'))

  onMounted(async () => {
    const profile = await ensureCitizen()
    if (!profile) {
      router.replace({ path: mobile.value ? '/m/login/citizen' : '/login/citizen', query: { redirect: route.fullPath } })
      return
    }
    try {
      await load()
    } catch (e) {
      error.value = e
    } finally {
      loading.value = false
    }
  })

  return { mobile, error, loading, myCasesPath }
}
