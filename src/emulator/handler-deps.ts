// What a resource handler may use: the data and the paging settings, nothing about transport or faults.
import type { MemoryStore } from './memory-store';
import type { Pager } from './odata';

export interface HandlerDeps {
  store: MemoryStore;
  pager: Pager;
}
