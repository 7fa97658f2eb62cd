import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// Where `npm run dev` forwards /graphql (HTTP and websocket). Defaults to the
// Python hub on :8000; OWH_BACKEND=http://127.0.0.1:8001 points it at a hub on another port.
const backend = process.env.OWH_BACKEND || 'http://127.0.0.1:8000'

// Element Plus components whose styles the pages use (dev-server pre-bundling only).
const elementStyles = [
  'base', 'config-provider', 'alert', 'avatar', 'breadcrumb', 'breadcrumb-item', 'button', 'checkbox',
  'checkbox-group', 'date-picker', 'descriptions', 'descriptions-item', 'dialog', 'empty', 'form', 'form-item',
  'icon', 'input', 'input-number', 'loading', 'message', 'message-box', 'option', 'pagination', 'radio',
  'radio-group', 'result', 'select', 'skeleton', 'tab-pane', 'tabs', 'tag',
]

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components (and their CSS) are imported on demand.
    Components({
      dirs: [],
      dts: false,
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
    }),
  ],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // Font files of the self-hosted CJK web font (see src/styles/fonts.css).
      '@fontfiles': fileURLToPath(new URL('./node_modules/@fontsource/noto-sans-sc/files', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Stable vendor chunks (cached across deploys) instead of one chunk per Element Plus style module.
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router)[\\/]/ },
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus|@vueuse|@floating-ui|@ctrl|@popperjs|lodash-unified|lodash-es|lodash|dayjs|async-validator|memoize-one|normalize-wheel-es)[\\/]/ },
          ],
        },
      },
    },
  },
  // Pre-bundle Element Plus and its per-component styles so the dev server does not reload
  // the page each time it discovers another component.
  optimizeDeps: {
    include: [
      'vue',
      'vue-router',
      'graphql-ws',
      'element-plus/es',
      '@element-plus/icons-vue',
      ...elementStyles.map((c) => `element-plus/es/components/${c}/style/css`),
    ],
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/graphql': { target: backend, ws: true, changeOrigin: true },
      '/healthz': { target: backend, changeOrigin: true },
    },
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    proxy: {
      '/graphql': { target: backend, ws: true, changeOrigin: true },
    },
  },
})
