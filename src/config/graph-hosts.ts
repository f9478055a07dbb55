/**
 * Microsoft Graph's hosts: the global service and the national clouds (the
 * list msgraph-sdk-javascript keeps as GRAPH_URLS, graph-facts §9.1).
 */
export const MICROSOFT_GRAPH_HOSTS: readonly string[] = [
  'graph.microsoft.com',
  'canary.graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'graph.microsoft.de',
  'microsoftgraph.chinacloudapi.cn',
];

/** True when `graphBaseUrl` is on one of Microsoft Graph's hosts. */
export function isMicrosoftGraphHost(graphBaseUrl: string): boolean {
  let host: string;
  try {
    host = new URL(graphBaseUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  return MICROSOFT_GRAPH_HOSTS.includes(host.endsWith('.') ? host.slice(0, -1) : host);
}
