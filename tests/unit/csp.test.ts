import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, HUGGING_FACE_HOSTS, metaContentSecurityPolicy } from '../../src/lib/security/csp.ts';

function directive(policy: string, name: string): string[] {
  const d = policy.split('; ').find((x) => x.startsWith(`${name} `));
  return d ? d.split(' ').slice(1) : [];
}

describe('Content-Security-Policy', () => {
  const prod = contentSecurityPolicy('production');
  it('allows only the own origin and the Hugging Face hosts to be fetched in production', () => {
    expect(directive(prod, 'connect-src')).toEqual(["'self'", ...HUGGING_FACE_HOSTS]);
    for (const host of directive(prod, 'connect-src').slice(1)) expect(host).toMatch(/^https:\/\/([a-z-]+\.)*(huggingface\.co|hf\.co)$/);
  });
  it('never allows inline or eval scripts, plugins or framing', () => {
    expect(directive(prod, 'script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directive(prod, 'object-src')).toEqual(["'none'"]);
    expect(directive(prod, 'frame-ancestors')).toEqual(["'none'"]);
    expect(prod.split(/[ ;]+/)).not.toContain("'unsafe-eval'");
    expect(prod.split(/[ ;]+/)).not.toContain("'unsafe-inline'".replace('inline', 'hashes'));
  });
  it('adds the dev server websocket only in development', () => {
    expect(prod).not.toMatch(/ws:/);
    expect(directive(contentSecurityPolicy('development'), 'connect-src')).toContain('ws://127.0.0.1:*');
  });
});

describe('the policy inside the built page, for hosts that send no headers', () => {
  it('is the production policy without frame-ancestors (which a meta policy cannot carry)', () => {
    const meta = metaContentSecurityPolicy();
    expect(directive(meta, 'frame-ancestors')).toEqual([]);
    expect(meta.split('; ')).toEqual(contentSecurityPolicy('production').split('; ').filter((d) => !d.startsWith('frame-ancestors')));
    expect(directive(meta, 'script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  });
});
