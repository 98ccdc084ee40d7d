/**
 * Typed access to prompts/*.md (compiled into prompts.generated.ts). Templates use named `{{variables}}`;
 * rendering fails loudly on a missing or unknown variable rather than sending a half-filled prompt.
 */
import { PROMPT_TEXTS } from './prompts.generated.js';

export type PromptName = keyof typeof PROMPT_TEXTS;

export function promptVariables(name: PromptName): string[] {
  return [...new Set([...PROMPT_TEXTS[name].matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!))];
}

export function renderPrompt(name: PromptName, vars: Record<string, string>): string {
  const template = PROMPT_TEXTS[name];
  const needed = promptVariables(name);
  const missing = needed.filter((v) => !(v in vars));
  if (missing.length) throw new Error(`prompt ${name}: missing variable(s) ${missing.join(', ')}`);
  const unknown = Object.keys(vars).filter((v) => !needed.includes(v));
  if (unknown.length) throw new Error(`prompt ${name}: unknown variable(s) ${unknown.join(', ')}`);
  // One pass, so a value containing "{{x}}" is never itself substituted.
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, v: string) => vars[v]!);
}
