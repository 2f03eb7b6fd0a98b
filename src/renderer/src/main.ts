// Renderer entry: mounts the lab with its shared stores and the router over the route table.
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createLabRouter } from './routes'
import './style.css'

createApp(App).use(createPinia()).use(createLabRouter()).mount('#app')
