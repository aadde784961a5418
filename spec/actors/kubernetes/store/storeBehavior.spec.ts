import { storeBehavior } from '../../../../actors/kubernetes/index.js';
import { simHarness } from './storeKit.js';
import { storeContract } from './storeContract.js';

describe('storeBehavior (embedded, in simulation)', () => {
  storeContract(() => simHarness(() => storeBehavior()));
});
