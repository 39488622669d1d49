// The home page's 待办: what waits for the signed-in resident across modules.
import type { TodoList } from '@contract/home'
import type { ApiClient } from './client'

export function todo(api: ApiClient): Promise<TodoList> {
  return api.request('GET', '/me/todo', { expect: { items: 'list' } })
}
