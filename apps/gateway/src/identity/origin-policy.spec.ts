import { describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../config.ts';
import { OriginPolicy } from './origin-policy.ts';

function policy(publicUrl: string, extraOrigins: string[] = []): OriginPolicy {
  return new OriginPolicy({ edge: { publicUrl }, desk: { extraOrigins } } as unknown as GatewayConfig);
}

describe('OriginPolicy', () => {
  it('accepts the gateway\'s own origin and the listed ones, and requests without an origin', () => {
    const origins = policy('https://desk.example.com', ['http://localhost:5173']);
    expect(origins.allows('https://desk.example.com')).toBe(true);
    expect(origins.allows('http://localhost:5173')).toBe(true);
    expect(origins.allows(undefined)).toBe(true);
  });

  it('refuses other origins, and WebSocket upgrades without one', () => {
    const origins = policy('https://desk.example.com');
    expect(origins.allows('https://evil.example')).toBe(false);
    expect(origins.allows('http://desk.example.com')).toBe(false);
    expect(origins.allowsUpgrade(undefined)).toBe(false);
    expect(origins.allowsUpgrade('https://desk.example.com')).toBe(true);
  });
});
