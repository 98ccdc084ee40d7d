import worker from './src/worker.js';
export default { ...worker, fetch: async () => Response.json({ ok: true, runtime: 'workers' }) };
