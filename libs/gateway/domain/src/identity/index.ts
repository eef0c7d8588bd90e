export * from './login-throttle.ts';
export * from './password-hash.ts';
export * from './password-policy.ts';
export * from './roles.ts';
export * from './secret-tokens.ts';
export * from './session-policy.ts';
