import { workerHandlers } from './compose/workers.js';

/** Workers entry: the handlers are built in src/compose/workers.ts (migrations run from Node). */
export default workerHandlers;
