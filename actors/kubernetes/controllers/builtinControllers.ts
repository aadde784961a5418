/** Registers the built-in controllers by name. */
import { registerController } from './Controller.js';
import { deploymentController } from './deploymentController.js';
import { endpointsController } from './endpointsController.js';
import { garbageCollector } from './garbageCollector.js';
import { namespaceController } from './namespaceController.js';
import { nodeLifecycleController } from './nodeLifecycleController.js';
import { podGcController } from './podGcController.js';
import { replicaSetController } from './replicaSetController.js';

registerController('replicaset', replicaSetController);
registerController('deployment', deploymentController);
registerController('nodelifecycle', () => nodeLifecycleController());
registerController('garbagecollector', garbageCollector);
registerController('namespace', namespaceController);
registerController('endpoints', endpointsController);
registerController('podgc', () => podGcController());
