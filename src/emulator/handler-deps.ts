// What a resource handler may use: the data and the paging settings, nothing about transport or faults.
import type { MemoryStore } from './memory-store';
import type { PagingDeps } from './paging';

export interface HandlerDeps extends PagingDeps {
  store: MemoryStore;
}
