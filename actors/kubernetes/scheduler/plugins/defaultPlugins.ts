/** Registers the built-in plugins by their upstream names. */
import { registerPlugin } from '../Plugin.js';
import { NodeAffinity } from './NodeAffinity.js';
import { NodeName } from './NodeName.js';
import { NodePorts } from './NodePorts.js';
import { NodeResourcesBalancedAllocation } from './NodeResourcesBalancedAllocation.js';
import { NodeResourcesFit } from './NodeResourcesFit.js';
import { NodeResourcesLeastAllocated } from './NodeResourcesLeastAllocated.js';
import { NodeUnschedulable } from './NodeUnschedulable.js';
import { PodTopologySpread } from './PodTopologySpread.js';
import { TaintToleration } from './TaintToleration.js';

/** Register every built-in plugin (idempotent). */
export const registerDefaultPlugins = (): void => {
  registerPlugin('NodeUnschedulable', NodeUnschedulable);
  registerPlugin('NodeName', NodeName);
  registerPlugin('TaintToleration', TaintToleration);
  registerPlugin('NodeAffinity', NodeAffinity);
  registerPlugin('NodePorts', NodePorts);
  registerPlugin('NodeResourcesFit', NodeResourcesFit);
  registerPlugin('NodeResourcesLeastAllocated', NodeResourcesLeastAllocated);
  registerPlugin('NodeResourcesBalancedAllocation', NodeResourcesBalancedAllocation);
  registerPlugin('PodTopologySpread', PodTopologySpread);
};

registerDefaultPlugins();
