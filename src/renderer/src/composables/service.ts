// useService: the one service client for this page (module-level, as Elk's users.ts keeps shared state) and its connection flag.
import { ref, type Ref } from 'vue'
import { createClient, type ServiceClient } from '../api/client'

let client: ServiceClient | null = null
const live = ref(false)

/** Uses `c` as the page's client from now on (tests hand in a fake; the page creates its own on first use). */
export function setServiceClient(c: ServiceClient): void {
  client = c
  client.onConnection((v) => { live.value = v })
}

/** The page's service client (created on first use) and whether live events are connected. */
export function useService(): ServiceClient & { live: Ref<boolean> } {
  if (!client) setServiceClient(createClient())
  return { ...client!, live }
}
