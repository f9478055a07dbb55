// The driver's handle on the fake Graph process: its counters, read and reset over loopback HTTP.
import { request } from 'undici';
import { RESET_PATH, STATS_PATH, type FakeGraphStats } from './fake-graph';

export class FakeGraphControl {
  constructor(private readonly origin: string) {}

  /** The base URL to give the servers under test as GRAPH_BASE_URL. */
  get baseUrl(): string {
    return `${this.origin}/beta`;
  }

  async stats(): Promise<FakeGraphStats> {
    const response = await request(`${this.origin}${STATS_PATH}`, { method: 'GET', headersTimeout: 5000, bodyTimeout: 5000 });
    return (await response.body.json()) as FakeGraphStats;
  }

  async reset(): Promise<void> {
    const response = await request(`${this.origin}${RESET_PATH}`, { method: 'POST', headersTimeout: 5000, bodyTimeout: 5000 });
    await response.body.dump();
  }
}
