import type { Node } from '../api/Node.js';
import type { Snapshot } from './Plugin.js';
import { NodeInfo } from './NodeInfo.js';
import type { PodInfo } from './PodInfo.js';

interface PodState {
  node: string;
  assumed: boolean;
  info: PodInfo;
}

/**
 * The scheduler's view of the cluster: one NodeInfo per node with the pods
 * bound (or assumed) there, updated incrementally from the informers. A pod
 * is *assumed* on its chosen node as soon as the scheduling cycle picks it,
 * before the binding is confirmed, so the next cycle already sees the space
 * it takes; the watch event of the binding confirms it, a failed binding
 * forgets it.
 */
export class SchedulerCache implements Snapshot {
  private list: NodeInfo[] = [];
  private readonly byName = new Map<string, NodeInfo>();
  /** Nodes that pods reference but whose Node object is not known (yet or any more). */
  private readonly ghosts = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();

  get nodes(): ReadonlyArray<NodeInfo> {
    return this.list;
  }

  get(name: string): NodeInfo | undefined {
    return this.byName.get(name);
  }

  /** Where a pod is bound or assumed. */
  podNode(key: string): string | undefined {
    return this.podStates.get(key)?.node;
  }

  /** Whether a pod is assumed (binding not yet confirmed). */
  isAssumed(key: string): boolean {
    return this.podStates.get(key)?.assumed === true;
  }

  /** Number of pods bound or assumed. */
  get podCount(): number {
    return this.podStates.size;
  }

  addNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const existing = this.byName.get(name);
    if (existing !== undefined) {
      existing.setNode(node);
      return;
    }
    const ghost = this.ghosts.get(name);
    let info: NodeInfo;
    if (ghost !== undefined) {
      this.ghosts.delete(name);
      ghost.setNode(node);
      info = ghost;
    } else info = new NodeInfo(node);
    this.byName.set(name, info);
    this.list.push(info);
  }

  removeNode(name: string): void {
    const info = this.byName.get(name);
    if (info === undefined) return;
    this.byName.delete(name);
    this.list = this.list.filter((n) => n !== info);
    if (info.pods.size > 0) this.ghosts.set(name, info);
  }

  private nodeFor(name: string): NodeInfo {
    let info = this.byName.get(name) ?? this.ghosts.get(name);
    if (info === undefined) {
      info = new NodeInfo({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
      this.ghosts.set(name, info);
    }
    return info;
  }

  /** A pod bound to `node` (from the informer): confirms an assumed pod or moves it. */
  addPod(info: PodInfo, node: string): void {
    const st = this.podStates.get(info.key);
    if (st !== undefined && st.node !== node) this.nodeFor(st.node).removePod(info.key);
    this.nodeFor(node).addPod(info);
    this.podStates.set(info.key, { node, assumed: false, info });
  }

  /** A bound pod is gone (deleted, or terminal). */
  removePod(key: string): void {
    const st = this.podStates.get(key);
    if (st === undefined) return;
    this.podStates.delete(key);
    const n = this.byName.get(st.node) ?? this.ghosts.get(st.node);
    n?.removePod(key);
    if (n !== undefined && n.pods.size === 0 && this.ghosts.get(st.node) === n) this.ghosts.delete(st.node);
  }

  /** The scheduling cycle chose `node` for this pod: count it there now. */
  assume(info: PodInfo, node: string): void {
    this.nodeFor(node).addPod(info);
    this.podStates.set(info.key, { node, assumed: true, info });
  }

  /** The binding failed: stop counting the assumed pod. */
  forget(key: string): void {
    if (this.podStates.get(key)?.assumed) this.removePod(key);
  }
}
