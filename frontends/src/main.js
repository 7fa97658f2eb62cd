import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router'

import './styles/fonts.css'
// Base styles of Element Plus (CSS variables, dark-less theme); components bring their own CSS.
import 'element-plus/theme-chalk/base.css'
// Components used imperatively (not in templates) need their CSS imported by hand.
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/loading/style/css'
import './styles/base.css'
import './styles/print.css'

const app = createApp(App)
app.use(router)
app.mount('#app')
