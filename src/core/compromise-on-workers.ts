/**
 * Stands in for `compromise` in the Worker bundle only (wrangler.toml [alias]); never imported by code.
 * compromise unpacks its lexicon and builds its tagger while its module is evaluated: about 200 ms of CPU, half
 * of the Worker's startup budget, spent on every cold start although most requests read no reply. esbuild
 * bundles a require() as a module evaluated on its first call, so here that cost moves to the first reply read.
 * The Node entry, the CLI and the tests load compromise as usual (its start-up cost there is paid once).
 */
import type realNlp from 'compromise';

type Nlp = typeof realNlp;
let loaded: Nlp | undefined;
// The package's own ES module, by path: the bare name would resolve back to this file through the alias.
const load = (): Nlp => (loaded ??= (require('../../node_modules/compromise/src/three.js') as { default: Nlp }).default);

/** compromise's `nlp`, called or read: the library loads on the first call or property read. */
const nlp = new Proxy((() => undefined) as unknown as Nlp, {
  apply: (_target, thisArg, args: unknown[]) => Reflect.apply(load(), thisArg, args),
  get: (_target, key) => Reflect.get(load(), key),
});
export default nlp;
