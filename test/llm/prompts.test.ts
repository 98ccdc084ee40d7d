import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatePromptsModule, GENERATED_PATH } from '../../src/llm/build-prompts.js';
import { promptVariables, renderPrompt } from '../../src/llm/prompts.js';

describe('prompts', () => {
  it('src/llm/prompts.generated.ts is in sync with prompts/*.md (run: npx tsx src/llm/build-prompts.ts)', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(generatePromptsModule());
  });

  it('fills named variables and refuses missing or unknown ones', () => {
    expect(promptVariables('draft-rewrite-user').sort()).toEqual(['body', 'childName', 'facts', 'parentName', 'respondBy']);
    const vars = { body: 'Letter {{childName}}', childName: 'Maya', facts: '- x', parentName: 'Jordan', respondBy: 'February 6, 2026' };
    const text = renderPrompt('draft-rewrite-user', vars);
    expect(text).toContain('Child: Maya');
    expect(text).toContain('Letter {{childName}}'); // values are not substituted again
    expect(() => renderPrompt('draft-rewrite-user', { ...vars, body: undefined as unknown as string, extra: 'x' })).toThrow(/unknown variable/);
    const { body: _omit, ...missing } = vars;
    expect(() => renderPrompt('draft-rewrite-user', missing)).toThrow(/missing variable\(s\) body/);
  });
});
