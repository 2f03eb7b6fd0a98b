// useService: the one service client for this page (module-level, as Elk's users.ts keeps shared state) and its connection flag.
import { ref, type Ref } from 'vue'
import { createClient, type ServiceClient } from '../api/client'

let client: ServiceClient | null = null
const live = ref(false)

/** The page's service client (created on first use) and whether live events are connected. */
export function useService(): ServiceClient & { live: Ref<boolean> } {
  if (!client) {
    client = createClient()
    client.onConnection((v) => { live.value = v })
  }
  return { ...client, live }
}
