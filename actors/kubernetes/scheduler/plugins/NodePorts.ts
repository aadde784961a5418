import { pluginStatus, SKIP, SUCCESS, type FilterPlugin, type PreFilterPlugin } from '../Plugin.js';

const conflicts = (used: ReadonlyMap<string, number>, port: string): boolean => {
  if (used.has(port)) return true;
  // A port on 0.0.0.0 conflicts with the same port on any IP, and the other way round.
  const [proto, ip, n] = port.split('/');
  if (ip === '0.0.0.0') {
    for (const u of used.keys()) {
      const [p2, , n2] = u.split('/');
      if (p2 === proto && n2 === n) return true;
    }
    return false;
  }
  return used.has(`${proto}/0.0.0.0/${n}`);
};

/** Filter: the pod's host ports must be free on the node. */
export const NodePorts = (): PreFilterPlugin & FilterPlugin => ({
  name: 'NodePorts',
  preFilter: (_state, pod) => (pod.hostPorts.length === 0 ? SKIP : SUCCESS),
  filter: (_state, pod, node) => {
    if (node.usedPorts.size === 0) return SUCCESS;
    for (const port of pod.hostPorts) if (conflicts(node.usedPorts, port)) return pluginStatus('Unschedulable', 'NodePorts', "node(s) didn't have free ports for the requested pod ports");
    return SUCCESS;
  },
});
